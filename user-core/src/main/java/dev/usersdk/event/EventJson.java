package dev.usersdk.event;

import dev.usersdk.event.internal.Fields;
import dev.usersdk.event.internal.JsonReader;
import dev.usersdk.event.internal.JsonWriter;
import dev.usersdk.event.internal.UserJson;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The serialized form of an event, version {@value #SCHEMA}: one JSON object with the envelope
 * ({@code schema}, {@code id}, {@code type}, {@code source}, {@code time}, {@code user_id}, {@code
 * user_version}) and a {@code data} object per type. Field names are snake_case, times ISO-8601 UTC
 * with microseconds, amounts integer micro-credits ({@code amount_micros}), absent values {@code
 * null}. The contract is pinned by tests; a field is never renamed or removed within a schema
 * version, and consumers should ignore fields they do not know. What each type's {@code data}
 * holds:
 *
 * <ul>
 *   <li>{@code user.created}, {@code user.admin_changed}, {@code user.email_verified}, {@code
 *       user.email_changed}: {@code user} (the user as other services may mirror it: id, email,
 *       email_verified, status, admin, profile, auth_provider, created_at, updated_at, approved_at,
 *       approved_by, password_changed_at, last_login_at, version).
 *   <li>{@code user.updated}: {@code user} and {@code changed}, the names of the fields that
 *       changed ({@code email}, {@code profile.name}, {@code last_login_at} ...).
 *   <li>{@code user.status_changed}: {@code user}, {@code from}, {@code to}, {@code approved_by}.
 *   <li>{@code user.password_changed}: {@code user} and {@code changed_at} (never anything about
 *       the password).
 *   <li>{@code user.deleted}: nothing (a tombstone).
 *   <li>{@code ledger.entry_recorded}: {@code entry_id}, {@code kind}, {@code amount_micros},
 *       {@code balance_after_micros}, {@code idempotency_key}.
 * </ul>
 */
public final class EventJson {
  /** The version of the serialized form. */
  public static final int SCHEMA = 1;

  private static final String SCHEMA_RESOURCE = "user-events.schema.json";

  private EventJson() {}

  /**
   * The published contract of the serialized form: a JSON Schema (draft 2020-12) of every event
   * type of {@link #SCHEMA}, for receivers to validate against or generate types from. It ships in
   * this jar as {@code dev/usersdk/event/user-events.schema.json}.
   */
  public static String schema() {
    try (InputStream in = EventJson.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the usersdk jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toJson(UserEvent event) {
    EventMeta meta = event.meta();
    JsonWriter json =
        new JsonWriter()
            .begin()
            .field("schema", SCHEMA)
            .field("id", meta.id().toString())
            .field("type", event.type().typeName())
            .field("source", meta.source())
            .field("time", meta.time())
            .field("user_id", meta.userId().value().toString())
            .field("user_version", meta.userVersion())
            .object("data");
    // An exhaustive switch over the type (Java 17 has no pattern switch): a new type fails to
    // compile here until it has a serialized form.
    switch (event.type()) {
      case USER_CREATED -> UserJson.write(json, "user", ((UserEvent.Created) event).user());
      case USER_ADMIN_CHANGED ->
          UserJson.write(json, "user", ((UserEvent.AdminChanged) event).user());
      case USER_EMAIL_VERIFIED ->
          UserJson.write(json, "user", ((UserEvent.EmailVerified) event).user());
      case USER_EMAIL_CHANGED ->
          UserJson.write(json, "user", ((UserEvent.EmailChanged) event).user());
      case USER_UPDATED -> {
        UserEvent.Updated updated = (UserEvent.Updated) event;
        UserJson.write(json, "user", updated.user()).field("changed", updated.changed());
      }
      case USER_STATUS_CHANGED -> {
        UserEvent.StatusChanged changed = (UserEvent.StatusChanged) event;
        UserJson.write(json, "user", changed.user())
            .field("from", changed.from().name())
            .field("to", changed.to().name())
            .field(
                "approved_by", changed.approvedBy().map(id -> id.value().toString()).orElse(null));
      }
      case USER_PASSWORD_CHANGED -> {
        UserEvent.PasswordChanged changed = (UserEvent.PasswordChanged) event;
        UserJson.write(json, "user", changed.user()).field("changed_at", changed.changedAt());
      }
      case USER_DELETED -> {
        // a tombstone: the envelope says it all
      }
      case USER_MFA_ENABLED -> json.field("method", ((UserEvent.MfaEnabled) event).method());
      case USER_MFA_DISABLED -> json.field("method", ((UserEvent.MfaDisabled) event).method());
      case LEDGER_ENTRY_RECORDED -> {
        UserEvent.EntryRecorded entry = (UserEvent.EntryRecorded) event;
        json.field("entry_id", entry.entryId().value().toString())
            .field("kind", entry.kind().name())
            .field("amount_micros", entry.amount().micros())
            .field("balance_after_micros", entry.balanceAfter().micros())
            .field("idempotency_key", entry.idempotencyKey().orElse(null));
      }
    }
    return json.end().end().toString();
  }

  /**
   * Reads an event back from its serialized form: the inverse of {@link #toJson}, for receivers (a
   * webhook endpoint, a Kafka consumer, a mirror). Fields this version does not know are ignored,
   * as schema 1 may gain optional ones.
   *
   * @throws UnknownEventTypeException for a well-formed event of a type added after this version
   * @throws EventFormatException for anything else that is not an event of schema {@link #SCHEMA}
   */
  public static UserEvent parse(String json) {
    Objects.requireNonNull(json, "json");
    Map<String, @Nullable Object> root;
    try {
      root = JsonReader.readObject(json);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(e.getMessage());
    }
    Fields event = new Fields(root, "");
    if (event.number("schema") != SCHEMA) {
      throw new EventFormatException("an event of schema " + event.number("schema"));
    }
    String typeName = event.text("type");
    EventType type =
        Arrays.stream(EventType.values())
            .filter(t -> t.typeName().equals(typeName))
            .findFirst()
            .orElseThrow(() -> new UnknownEventTypeException(typeName));
    EventMeta meta =
        new EventMeta(
            event.uuid("id"),
            UserId.of(event.uuid("user_id")),
            event.number("user_version"),
            event.instant("time"),
            event.text("source"));
    Fields data = event.object("data");
    return switch (type) {
      case USER_CREATED -> new UserEvent.Created(meta, UserJson.read(data.object("user")));
      case USER_ADMIN_CHANGED ->
          new UserEvent.AdminChanged(meta, UserJson.read(data.object("user")));
      case USER_EMAIL_VERIFIED ->
          new UserEvent.EmailVerified(meta, UserJson.read(data.object("user")));
      case USER_EMAIL_CHANGED ->
          new UserEvent.EmailChanged(meta, UserJson.read(data.object("user")));
      case USER_PASSWORD_CHANGED ->
          new UserEvent.PasswordChanged(meta, UserJson.read(data.object("user")));
      case USER_UPDATED ->
          new UserEvent.Updated(meta, UserJson.read(data.object("user")), data.texts("changed"));
      case USER_STATUS_CHANGED ->
          new UserEvent.StatusChanged(
              meta, UserJson.read(data.object("user")), data.status("from"), data.status("to"));
      case USER_DELETED -> new UserEvent.Deleted(meta);
      case USER_MFA_ENABLED -> new UserEvent.MfaEnabled(meta, data.text("method"));
      case USER_MFA_DISABLED -> new UserEvent.MfaDisabled(meta, data.text("method"));
      case LEDGER_ENTRY_RECORDED ->
          new UserEvent.EntryRecorded(
              meta,
              new EntryId(data.uuid("entry_id")),
              data.entryKind("kind"),
              Credits.ofMicros(data.number("amount_micros")),
              Credits.ofMicros(data.number("balance_after_micros")),
              Optional.ofNullable(data.optionalText("idempotency_key")));
    };
  }
}
