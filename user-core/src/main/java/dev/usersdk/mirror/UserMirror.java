package dev.usersdk.mirror;

import dev.usersdk.event.EventFormatException;
import dev.usersdk.event.EventJson;
import dev.usersdk.event.UnknownEventTypeException;
import dev.usersdk.event.UserEvent;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only copy of another service's users, fed by their events, with the host's own fields
 * beside them.
 *
 * <pre>{@code
 * UserMirror mirror = UserMirror.builder(JdbcMirrorStore.create(dataSource))
 *     .hostFields(HostFields.seeds())               // role, plan tier, permissions, feature flags
 *     .build();
 * mirror.apply(webhookBody);                        // after WebhookVerifier.verify
 * mirror.find(userId).map(MirroredUser::user);      // the owner's state, read-only
 * mirror.updateHostFields(userId, HostUpdate.of().set(HostFields.PLAN_TIER, "pro"));
 * }</pre>
 *
 * <p>Events may arrive in any order, more than once, late: each carries the user's whole state at a
 * version, and the store keeps the newest (a deletion is a tombstone that outranks every earlier
 * version, so a late update cannot bring a user back). The mirror ends in the owner's state
 * whatever the order. Events never write host fields; {@link #updateHostFields} never writes the
 * owner's.
 */
public final class UserMirror implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UserMirror.class);

  private final MirrorStore store;
  private final HostFields fields;
  private final Clock clock;
  private final String defaults;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong notMirrored = new AtomicLong();
  private final AtomicLong unknownTypes = new AtomicLong();
  private final AtomicReference<Instant> newest = new AtomicReference<>();

  private UserMirror(Builder builder) {
    this.store = builder.store;
    this.fields = builder.fields;
    this.clock = builder.clock;
    this.defaults = fields.defaults().toJson();
  }

  public static Builder builder(MirrorStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Applies one event in its serialized form (a webhook body, a Kafka record's value).
   *
   * @throws EventFormatException if it is not an event usersdk wrote (nothing is changed)
   */
  public ApplyResult apply(String eventJson) {
    UserEvent event;
    try {
      event = EventJson.parse(eventJson);
    } catch (UnknownEventTypeException e) {
      unknownTypes.incrementAndGet();
      log.debug("mirror: skipped an event of unknown type {}", e.type());
      return ApplyResult.UNKNOWN_TYPE;
    }
    return apply(event);
  }

  /** Applies one event. */
  public ApplyResult apply(UserEvent event) {
    Objects.requireNonNull(event, "event");
    User user =
        switch (event.type()) {
          case USER_CREATED -> ((UserEvent.Created) event).user();
          case USER_UPDATED -> ((UserEvent.Updated) event).user();
          case USER_STATUS_CHANGED -> ((UserEvent.StatusChanged) event).user();
          case USER_ADMIN_CHANGED -> ((UserEvent.AdminChanged) event).user();
          case USER_EMAIL_VERIFIED -> ((UserEvent.EmailVerified) event).user();
          case USER_PASSWORD_CHANGED -> ((UserEvent.PasswordChanged) event).user();
          case USER_DELETED -> null;
          case LEDGER_ENTRY_RECORDED -> {
            notMirrored.incrementAndGet();
            yield null;
          }
        };
    if (event instanceof UserEvent.EntryRecorded) {
      return ApplyResult.NOT_MIRRORED; // balances stay with the owner
    }
    UserId userId = event.meta().userId();
    long version = user != null ? user.version() : event.meta().userVersion();
    store.apply(new MirrorRow(userId, version, user, defaults, Timestamps.now(clock)));
    applied.incrementAndGet();
    newest.accumulateAndGet(event.meta().time(), (a, b) -> a == null || b.isAfter(a) ? b : a);
    return ApplyResult.APPLIED;
  }

  /** The user as mirrored, with the host's values; empty if unknown here or deleted. */
  public Optional<MirroredUser> find(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return store.find(userId).map(this::toUser);
  }

  /**
   * Sets host-owned values of a mirrored user. Only declared host fields can be named: the owner's
   * fields have no setter here, and events never change these.
   *
   * @throws UserNotFoundException if the user is not mirrored here (or was deleted)
   * @throws dev.usersdk.ValidationException if a field is not declared or a value does not fit
   */
  public MirroredUser updateHostFields(UserId userId, HostUpdate update) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(update, "update");
    var unused = fields.defaults().with(update); // refuses undeclared fields before any write
    return store
        .updateHost(userId, stored -> HostValues.fromJson(fields, stored).with(update).toJson())
        .map(this::toUser)
        .orElseThrow(() -> new UserNotFoundException(userId));
  }

  /** Users held (deleted ones not counted). */
  public long count() {
    return store.count();
  }

  public MirrorStats stats() {
    return new MirrorStats(applied.get(), notMirrored.get(), unknownTypes.get(), newest.get());
  }

  public HostFields hostFields() {
    return fields;
  }

  private MirroredUser toUser(MirrorStore.StoredMirrorRow stored) {
    return new MirroredUser(
        stored.row().state().orElseThrow(),
        HostValues.fromJson(fields, stored.hostValues()),
        stored.row().appliedAt());
  }

  /** Closes the store. */
  @Override
  public void close() {
    try {
      store.close();
    } catch (Exception e) {
      log.warn("mirror: closing the store failed: {}", e.toString());
    }
  }

  public static final class Builder {
    private final MirrorStore store;
    private HostFields fields = HostFields.none();
    private Clock clock = Clock.systemUTC();

    private Builder(MirrorStore store) {
      this.store = store;
    }

    /** The host-owned fields kept beside each user (none by default). */
    public Builder hostFields(HostFields fields) {
      this.fields = Objects.requireNonNull(fields, "fields");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public UserMirror build() {
      return new UserMirror(this);
    }
  }
}
