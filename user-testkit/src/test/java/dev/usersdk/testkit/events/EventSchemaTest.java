package dev.usersdk.testkit.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.EventJson;
import dev.usersdk.event.EventMeta;
import dev.usersdk.event.EventType;
import dev.usersdk.event.Subscription;
import dev.usersdk.event.UserEvent;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.Email;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Profile;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema ({@link EventJson#schema()}) is the contract receivers code against:
 * every event the library writes must validate, and the schema must be strict enough to refuse
 * what the library never writes (an extra field such as a hash, a missing version, a wrong type).
 */
class EventSchemaTest {
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(EventJson.schema());
  private static final UserId ANN = UserId.of(UUID.fromString("0192f3a4-0000-7000-8000-0000000000aa"));
  private static final Instant AT = Instant.parse("2026-11-30T10:00:00.123456Z");

  private static List<Error> errors(String json) {
    return SCHEMA.validate(json, InputFormat.JSON);
  }

  private static EventMeta meta(long version) {
    return new EventMeta(UUID.fromString("0192f3a4-0000-7000-8000-000000000001"), ANN, version, AT, "accounts");
  }

  private static User ann(Optional<UserId> approvedBy) {
    User.Builder user = User.builder(ANN).email(Email.of("ann@example.com")).status(UserStatus.APPROVED)
        .profile(new Profile("Ann", "Acme", null, null, "https://example.com/a.png")).createdAt(AT).updatedAt(AT)
        .version(3);
    approvedBy.ifPresent(admin -> user.approvedAt(AT).approvedBy(admin));
    return user.build();
  }

  /** One event of every type, with optional fields both present and absent. */
  private static List<UserEvent> everyType() {
    User plain = ann(Optional.empty());
    User approved = ann(Optional.of(UserId.of(UUID.randomUUID())));
    EntryId entry = new EntryId(UUID.randomUUID());
    return List.of(new UserEvent.Created(meta(1), plain), new UserEvent.Updated(meta(3), approved, List.of("email")),
        new UserEvent.StatusChanged(meta(3), approved, UserStatus.PENDING, UserStatus.APPROVED),
        new UserEvent.StatusChanged(meta(3), plain, UserStatus.APPROVED, UserStatus.DISABLED),
        new UserEvent.AdminChanged(meta(3), plain), new UserEvent.EmailVerified(meta(3), plain),
        new UserEvent.EmailChanged(meta(3), plain), new UserEvent.MfaEnabled(meta(0), "totp"),
        new UserEvent.MfaDisabled(meta(0), "totp"),
        new UserEvent.PasswordChanged(meta(4), plain.toBuilder().passwordChangedAt(AT).build()),
        new UserEvent.Deleted(meta(5)),
        new UserEvent.EntryRecorded(meta(0), entry, EntryKind.DEDUCTION, Credits.of("-1.5"), Credits.of("3"),
            Optional.of("run-1")),
        new UserEvent.EntryRecorded(meta(0), entry, EntryKind.OPENING, Credits.of(10), Credits.of(10),
            Optional.empty()));
  }

  @Test
  void everyTypeValidatesAgainstThePublishedSchema() {
    List<UserEvent> events = everyType();
    assertThat(events).extracting(UserEvent::type).containsAll(List.of(EventType.values()));
    for (UserEvent event : events) {
      String json = EventJson.toJson(event);
      assertThat(errors(json)).as(json).isEmpty();
    }
  }

  @Test
  void theEventsRealFlowsWriteValidate() {
    List<DeliveredEvent> received = new CopyOnWriteArrayList<>();
    ManualClock clock = ManualClock.create();
    RecordingNotifier notifier = new RecordingNotifier();
    byte[] secret = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    try (UserClient client = UserClient.builder().stores(InMemoryStores.create()).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.of(10))
            .auth(AuthConfig.builder().jwtSecret(secret).resetLinkTemplate("https://app.example.com/r?t={token}")
                .build())
            .build())
        .subscribe(Subscription.of("schema", received::add)).build()) {
      Password password = Password.of("correct horse battery");
      client.auth().register("ann@example.com", password, "Ann");
      User ann = client.auth().confirmRegistration("ann@example.com", notifier.lastCode("ann@example.com").orElseThrow());
      User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
      client.auth().login("ann@example.com", password);
      clock.advance(Duration.ofMinutes(1));
      client.auth().changePassword(ann.id(), password, Password.of("another long passphrase"));
      client.users().updateProfile(ann.id(), ProfileUpdate.of().company("Acme").phone("+1 555"));
      client.users().disable(ann.id());
      client.users().enable(ann.id());
      client.users().setAdmin(ann.id(), true);
      client.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-1"));
      client.ledger().credit(ann.id(), Credits.of(2), IdempotencyKey.of("top-up"), "a top-up");
      client.users().delete(ann.id());
      client.users().delete(admin.id());
      client.events().runOnce();
    }
    List<String> types = new ArrayList<>();
    for (DeliveredEvent event : received) {
      types.add(event.type());
      assertThat(errors(event.json())).as(event.json()).isEmpty();
    }
    assertThat(types).contains("user.created", "user.updated", "user.password_changed", "user.status_changed",
        "user.admin_changed", "ledger.entry_recorded", "user.deleted");
  }

  @Test
  void theSchemaRefusesWhatTheLibraryNeverWrites() {
    String created = EventJson.toJson(new UserEvent.Created(meta(1), ann(Optional.empty())));
    assertThat(errors(created.replace("\"admin\":false", "\"admin\":false,\"password_hash\":\"$argon2id$x\"")))
        .as("a field the user object does not have").isNotEmpty();
    assertThat(errors(created.replace("\"user_version\":1,", ""))).as("no version").isNotEmpty();
    assertThat(errors(created.replace("\"type\":\"user.created\"", "\"type\":\"user.renamed\"")))
        .as("an unknown type").isNotEmpty();
    assertThat(errors(created.replace("\"schema\":1", "\"schema\":2"))).as("another schema number").isNotEmpty();
    String deleted = EventJson.toJson(new UserEvent.Deleted(meta(5)));
    assertThat(errors(deleted.replace("\"data\":{}", "\"data\":{\"user\":{}}"))).as("a tombstone with data")
        .isNotEmpty();
    String password = EventJson.toJson(
        new UserEvent.PasswordChanged(meta(4), ann(Optional.empty()).toBuilder().passwordChangedAt(AT).build()));
    assertThat(errors(password.replace("\"changed_at\"", "\"password\":\"x\",\"changed_at\"")))
        .as("anything about the password").isNotEmpty();
  }
}
