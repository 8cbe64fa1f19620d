package dev.usersdk.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The serialized form is a published contract: these pin it, field by field. */
class EventJsonTest {
  private static final UUID EVENT = UUID.fromString("0192f3a4-0000-7000-8000-000000000001");
  private static final UserId ANN = UserId.of(UUID.fromString("0192f3a4-0000-7000-8000-0000000000aa"));
  private static final UserId ADMIN = UserId.of(UUID.fromString("0192f3a4-0000-7000-8000-0000000000bb"));
  private static final Instant AT = Instant.parse("2026-11-30T10:00:00.123456Z");

  private static EventMeta meta(long version) {
    return new EventMeta(EVENT, ANN, version, AT, "accounts");
  }

  private static User ann() {
    return User.builder(ANN).email(Email.of("ann@example.com")).status(UserStatus.APPROVED).admin(false)
        .profile(new Profile("Ann \"A\" Lee", null, "+1 555", null, null)).emailVerified(true)
        .createdAt(Instant.parse("2026-01-01T00:00:00Z")).updatedAt(AT).approvedAt(AT).approvedBy(ADMIN)
        .version(3).build();
  }

  private static final String USER = "{\"id\":\"0192f3a4-0000-7000-8000-0000000000aa\",\"email\":\"ann@example.com\","
      + "\"email_verified\":true,\"status\":\"APPROVED\",\"admin\":false,"
      + "\"profile\":{\"name\":\"Ann \\\"A\\\" Lee\",\"company\":null,\"phone\":\"+1 555\",\"telegram\":null,"
      + "\"picture_url\":null},\"auth_provider\":\"password\",\"created_at\":\"2026-01-01T00:00:00Z\","
      + "\"updated_at\":\"2026-11-30T10:00:00.123456Z\",\"approved_at\":\"2026-11-30T10:00:00.123456Z\","
      + "\"approved_by\":\"0192f3a4-0000-7000-8000-0000000000bb\",\"password_changed_at\":null,"
      + "\"last_login_at\":null,\"version\":3}";

  private static String envelope(String type, long version, String data) {
    return "{\"schema\":1,\"id\":\"0192f3a4-0000-7000-8000-000000000001\",\"type\":\"" + type + "\","
        + "\"source\":\"accounts\",\"time\":\"2026-11-30T10:00:00.123456Z\","
        + "\"user_id\":\"0192f3a4-0000-7000-8000-0000000000aa\",\"user_version\":" + version + ",\"data\":" + data + "}";
  }

  @Test
  void userEvents() {
    assertThat(EventJson.toJson(new UserEvent.Created(meta(3), ann())))
        .isEqualTo(envelope("user.created", 3, "{\"user\":" + USER + "}"));
    assertThat(EventJson.toJson(new UserEvent.Updated(meta(3), ann(), List.of("profile.name", "email"))))
        .isEqualTo(envelope("user.updated", 3, "{\"user\":" + USER + ",\"changed\":[\"profile.name\",\"email\"]}"));
    assertThat(EventJson.toJson(new UserEvent.StatusChanged(meta(3), ann(), UserStatus.PENDING, UserStatus.APPROVED)))
        .isEqualTo(envelope("user.status_changed", 3, "{\"user\":" + USER
            + ",\"from\":\"PENDING\",\"to\":\"APPROVED\",\"approved_by\":\"0192f3a4-0000-7000-8000-0000000000bb\"}"));
    assertThat(EventJson.toJson(new UserEvent.AdminChanged(meta(3), ann())))
        .isEqualTo(envelope("user.admin_changed", 3, "{\"user\":" + USER + "}"));
    assertThat(EventJson.toJson(new UserEvent.EmailVerified(meta(3), ann())))
        .isEqualTo(envelope("user.email_verified", 3, "{\"user\":" + USER + "}"));
    assertThat(EventJson.toJson(new UserEvent.EmailChanged(meta(3), ann())))
        .isEqualTo(envelope("user.email_changed", 3, "{\"user\":" + USER + "}"));
    User withPassword = ann().toBuilder().passwordChangedAt(AT).build();
    assertThat(EventJson.toJson(new UserEvent.PasswordChanged(meta(4), withPassword)))
        .isEqualTo(envelope("user.password_changed", 4, "{\"user\":" + USER.replace("\"password_changed_at\":null",
            "\"password_changed_at\":\"2026-11-30T10:00:00.123456Z\"") + ",\"changed_at\":\"2026-11-30T10:00:00.123456Z\"}"));
    assertThat(EventJson.toJson(new UserEvent.Deleted(meta(5)))).isEqualTo(envelope("user.deleted", 5, "{}"));
  }

  @Test
  void ledgerEntries() {
    EntryId entry = new EntryId(UUID.fromString("0192f3a4-0000-7000-8000-0000000000ee"));
    assertThat(EventJson.toJson(new UserEvent.EntryRecorded(meta(0), entry, EntryKind.DEDUCTION, Credits.of("-1.25"),
        Credits.of("8.75"), Optional.of("run-1"))))
        .isEqualTo(envelope("ledger.entry_recorded", 0, "{\"entry_id\":\"0192f3a4-0000-7000-8000-0000000000ee\","
            + "\"kind\":\"DEDUCTION\",\"amount_micros\":-1250000,\"balance_after_micros\":8750000,"
            + "\"idempotency_key\":\"run-1\"}"));
  }

  private static List<UserEvent> everyType() {
    User withPassword = ann().toBuilder().passwordChangedAt(AT).lastLoginAt(AT).email(null).build();
    return List.of(new UserEvent.Created(meta(3), ann()), new UserEvent.Updated(meta(3), ann(), List.of("email")),
        new UserEvent.StatusChanged(meta(3), ann(), UserStatus.PENDING, UserStatus.APPROVED),
        new UserEvent.AdminChanged(meta(3), ann()), new UserEvent.EmailVerified(meta(3), ann()),
        new UserEvent.EmailChanged(meta(3), ann()), new UserEvent.MfaEnabled(meta(0), "totp"),
        new UserEvent.MfaDisabled(meta(0), "totp"),
        new UserEvent.PasswordChanged(meta(4), withPassword), new UserEvent.Deleted(meta(5)),
        new UserEvent.EntryRecorded(meta(0), new EntryId(UUID.randomUUID()), EntryKind.DEDUCTION,
            Credits.of("-1.25"), Credits.of("8.75"), Optional.of("run-1")),
        new UserEvent.EntryRecorded(meta(0), new EntryId(UUID.randomUUID()), EntryKind.OPENING, Credits.of(10),
            Credits.of(10), Optional.empty()));
  }

  @Test
  void everyEventReadsBackAsItself() {
    List<UserEvent> events = everyType();
    assertThat(events).extracting(UserEvent::type).containsAll(List.of(EventType.values()));
    for (UserEvent event : events) {
      assertThat(EventJson.parse(EventJson.toJson(event))).isEqualTo(event);
    }
  }

  @Test
  void fieldsAddedLaterAreIgnoredAndUnknownTypesAreTyped() {
    String created = EventJson.toJson(new UserEvent.Created(meta(3), ann()));
    assertThat(EventJson.parse(created.replace("\"admin\":false", "\"admin\":false,\"mfa_enabled\":true")))
        .isEqualTo(new UserEvent.Created(meta(3), ann()));
    assertThatThrownBy(() -> EventJson.parse(created.replace("user.created", "user.passkey_added")))
        .isInstanceOfSatisfying(UnknownEventTypeException.class,
            e -> assertThat(e.type()).isEqualTo("user.passkey_added"));
  }

  @Test
  void whatIsNotAnEventIsRefusedWithoutEchoingIt() {
    String created = EventJson.toJson(new UserEvent.Created(meta(3), ann()));
    List<String> broken = List.of("", "[]", "{", created + "x", created.replace("\"schema\":1", "\"schema\":2"),
        created.replace("\"user_version\":3,", ""), created.replace("\"user_version\":3", "\"user_version\":\"3\""),
        created.replace("\"user_version\":3", "\"user_version\":3.5"),
        created.replace("\"status\":\"APPROVED\"", "\"status\":\"GONE\""),
        created.replace("0192f3a4-0000-7000-8000-0000000000aa\",\"email\"", "not-a-uuid\",\"email\""),
        created.replace("ann@example.com", "not an address"),
        created.replace("\"time\":\"2026-11-30T10:00:00.123456Z\"", "\"time\":\"yesterday\""));
    for (String json : broken) {
      assertThatThrownBy(() -> EventJson.parse(json)).as(json).isInstanceOf(EventFormatException.class)
          .isNotInstanceOf(UnknownEventTypeException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ann@example.com", "not an address", "GONE"));
    }
  }

  @Test
  void everyTypeHasAStableDottedName() {
    assertThat(List.of(EventType.values())).extracting(EventType::typeName).containsExactly("user.created",
        "user.updated", "user.status_changed", "user.admin_changed", "user.email_verified", "user.email_changed",
        "user.password_changed",
        "user.deleted", "user.mfa_enabled", "user.mfa_disabled", "ledger.entry_recorded");
  }

  @Test
  void controlCharactersAreEscaped() {
    User odd = ann().toBuilder().profile(new Profile("a\\b\u2028c", null, null, null, null)).build();
    assertThat(EventJson.toJson(new UserEvent.Created(meta(3), odd))).contains("\"name\":\"a\\\\b\\u2028c\"");
  }
}
