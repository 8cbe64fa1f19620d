package dev.usersdk.mirror;

import dev.usersdk.ConfigurationException;
import dev.usersdk.event.EventFormatException;
import dev.usersdk.event.EventJson;
import dev.usersdk.event.UnknownEventTypeException;
import dev.usersdk.event.UserEvent;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.user.ChangePage;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserSummary;
import dev.usersdk.user.Users;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
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
  private static final int SYNC_PAGE = 500;
  private static final int BEHIND_LIMIT = 1000;
  private static final String CURSOR = "feed_cursor";
  private static final String LAST_SYNC = "last_sync";
  private static final String FRESH_AS_OF = "fresh_as_of";

  /**
   * How long the freshness read from the store is trusted before it is read again: {@link
   * #requireFresh} guards every authenticated request, which must not each cost a query for what
   * changes once per sync (another node's sync shows within a second).
   */
  private static final long FRESHNESS_REREAD_NANOS = 1_000_000_000L;

  private final MirrorStore store;
  private final HostFields fields;
  private final Clock clock;
  private final String defaults;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong notMirrored = new AtomicLong();
  private final AtomicLong unknownTypes = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final @Nullable UserSource source;
  private final Object lifecycle = new Object();
  private @Nullable ScheduledExecutorService syncing;

  /** Freshness as last read from (or written to) the store, and when, on this JVM's timer. */
  private record Fresh(@Nullable Instant asOf, long readAtNanos) {}

  private volatile @Nullable Fresh fresh;
  private final AtomicReference<Instant> newest = new AtomicReference<>();

  private UserMirror(Builder builder) {
    this.store = builder.store;
    this.fields = builder.fields;
    this.clock = builder.clock;
    this.source = builder.source;
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
    } catch (EventFormatException e) {
      rejected.incrementAndGet();
      log.warn("mirror: refused a malformed event: {}", e.getMessage());
      throw e;
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
          case USER_EMAIL_CHANGED -> ((UserEvent.EmailChanged) event).user();
          case USER_PASSWORD_CHANGED -> ((UserEvent.PasswordChanged) event).user();
          case USER_DELETED -> null;
          case LEDGER_ENTRY_RECORDED, USER_MFA_ENABLED, USER_MFA_DISABLED -> {
            notMirrored.incrementAndGet();
            yield null;
          }
        };
    if (event instanceof UserEvent.EntryRecorded
        || event instanceof UserEvent.MfaEnabled
        || event instanceof UserEvent.MfaDisabled) {
      return ApplyResult.NOT_MIRRORED; // balances and second factors stay with the owner
    }
    UserId userId = event.meta().userId();
    long version = user != null ? user.version() : event.meta().userVersion();
    store.apply(new MirrorRow(userId, version, mirrored(user), defaults, Timestamps.now(clock)));
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
    fields.requireDeclared(update); // before anything is written
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
    return new MirrorStats(
        applied.get(), notMirrored.get(), unknownTypes.get(), rejected.get(), newest.get());
  }

  // ----- reading the source ---------------------------------------------------------------------

  /**
   * Catches up from the source's change feed, from where the last sync (of any node sharing the
   * store) stopped: after an outage of the event transport, or on a schedule ({@link #startSync}),
   * which is also how the mirror proves it is fresh ({@link #requireFresh}).
   *
   * @return how many changes were applied (older ones among them change nothing)
   * @throws ConfigurationException without a {@link Builder#source}
   */
  public int sync() {
    UserSource from = requireSource();
    Instant started = Timestamps.now(clock);
    int[] count = new int[1];
    readFeed(
        from,
        store.state(CURSOR).orElse(null),
        change -> {
          store.apply(row(change));
          count[0]++;
        },
        cursor -> store.saveState(CURSOR, cursor));
    synced(started);
    return count[0];
  }

  /**
   * Reads the source's feed from {@code cursor} to its end, page by page, handing each change to
   * {@code each} and each page's cursor to {@code afterPage}; returns the last cursor.
   */
  private static @Nullable String readFeed(
      UserSource from,
      @Nullable String cursor,
      Consumer<UserChange> each,
      Consumer<String> afterPage) {
    ChangePage page;
    do {
      page = from.changes(cursor, SYNC_PAGE);
      page.changes().forEach(each);
      cursor = page.cursor();
      afterPage.accept(cursor);
    } while (page.more());
    return cursor;
  }

  /**
   * Rebuilds the mirror from the source, the source being the truth: every user is written again
   * (also over a row edited behind the mirror's back, never over a newer version), and users the
   * source does not have (never had, or deleted within the feed's settle time) are deleted here
   * with a tombstone. Host values are kept.
   *
   * @return how many rows were written and how many deleted
   */
  public Resync resync() {
    UserSource from = requireSource();
    Instant started = Timestamps.now(clock);
    Set<UserId> known = new HashSet<>();
    int[] written = new int[1];
    String cursor =
        readFeed(
            from,
            null,
            change -> {
              store.reconcile(row(change));
              known.add(change.userId());
              written[0]++;
            },
            page -> {});
    int removed = 0;
    for (MirrorStore.Entry entry : liveEntries()) {
      // Changes younger than the feed's settle time are not in it yet: ask before removing. A user
      // the source does not have (never had, or deleted too recently for the feed) gets a
      // tombstone past its version, so a late event cannot bring it back either.
      if (!known.contains(entry.userId()) && from.find(entry.userId()).isEmpty()) {
        store.apply(
            new MirrorRow(
                entry.userId(), entry.version() + 1, null, defaults, Timestamps.now(clock)));
        removed++;
      }
    }
    if (cursor != null) {
      store.saveState(CURSOR, cursor);
    }
    synced(started);
    return new Resync(written[0], removed);
  }

  /** What {@link #resync()} did. */
  public record Resync(int written, int removed) {}

  /** Every live entry of the store, read page by page. */
  private List<MirrorStore.Entry> liveEntries() {
    List<MirrorStore.Entry> all = new ArrayList<>();
    List<MirrorStore.Entry> page;
    do {
      page = store.live(all.isEmpty() ? null : all.get(all.size() - 1).userId(), SYNC_PAGE);
      all.addAll(page);
    } while (page.size() == SYNC_PAGE);
    return all;
  }

  /**
   * The user as mirrored, or, if the mirror does not hold it (its events have not arrived), as the
   * source has it now — applied here before it is returned.
   */
  public Optional<MirroredUser> getOrSync(UserId userId) {
    Optional<MirroredUser> here = find(userId);
    if (here.isPresent()) {
      return here;
    }
    Optional<User> there = requireSource().find(userId);
    there.ifPresent(user -> store.apply(row(UserChange.of(user))));
    return there.isPresent() ? find(userId) : Optional.empty();
  }

  /**
   * Compares the mirror with its source: freshness, counts and checksums, how many changes it is
   * behind. Reads every live user on both sides (ids and versions), so call it from a periodic
   * check, not per request.
   */
  public MirrorHealth health() {
    UserSource from = requireSource();
    Instant now = Timestamps.now(clock);
    UserSummary here = UserSummary.EMPTY;
    for (MirrorStore.Entry entry : liveEntries()) {
      here = here.plus(entry.userId(), entry.version());
    }
    UserSummary there = from.summary();
    long behind = from.changes(store.state(CURSOR).orElse(null), BEHIND_LIMIT).changes().size();
    return new MirrorHealth(
        now,
        freshAsOf().orElse(null),
        store.state(LAST_SYNC).map(Instant::parse).orElse(null),
        here.count(),
        there.count(),
        here.equals(there),
        behind,
        stats());
  }

  /**
   * Fails closed: throws unless the mirror can prove it held every change made up to {@code maxLag}
   * ago (its last successful sync, less the feed's settle time). For hosts that must deny access
   * when uncertain.
   *
   * @throws MirrorStaleException if it cannot
   */
  public void requireFresh(Duration maxLag) {
    Objects.requireNonNull(maxLag, "maxLag");
    Instant now = Timestamps.now(clock);
    Optional<Instant> asOf = freshAsOf();
    if (asOf.isEmpty()) {
      throw new MirrorStaleException("the mirror has never synced with its source");
    }
    if (asOf.get().isBefore(now.minus(maxLag))) {
      throw new MirrorStaleException(
          "the mirror is proven fresh only as of "
              + Duration.between(asOf.get(), now).toSeconds()
              + " s ago, more than the "
              + maxLag.toSeconds()
              + " s allowed");
    }
  }

  /** As of when the mirror holds every change, shared by every node on the same store. */
  private Optional<Instant> freshAsOf() {
    Fresh known = fresh;
    if (known == null || System.nanoTime() - known.readAtNanos() > FRESHNESS_REREAD_NANOS) {
      known =
          new Fresh(store.state(FRESH_AS_OF).map(Instant::parse).orElse(null), System.nanoTime());
      fresh = known;
    }
    return Optional.ofNullable(known.asOf());
  }

  private void synced(Instant started) {
    Instant asOf = started.minus(Users.FEED_SETTLE);
    Optional<Instant> stored = store.state(FRESH_AS_OF).map(Instant::parse);
    if (stored.isEmpty() || stored.get().isBefore(asOf)) {
      store.saveState(FRESH_AS_OF, asOf.toString());
    } else {
      asOf = stored.get(); // another node synced later
    }
    fresh = new Fresh(asOf, System.nanoTime());
    store.saveState(LAST_SYNC, started.toString());
  }

  /**
   * Runs {@link #sync()} every {@code interval} on a daemon thread until {@link #close()}; a failed
   * sync is logged and tried again at the next tick (freshness then ages, and {@link #requireFresh}
   * starts refusing once it is older than the host allows).
   */
  public void startSync(Duration interval) {
    requireSource();
    if (interval.isNegative() || interval.isZero()) {
      throw new ConfigurationException("the sync interval must be positive");
    }
    synchronized (lifecycle) {
      if (syncing != null) {
        return;
      }
      syncing =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "usersdk-mirror-sync");
                thread.setDaemon(true);
                return thread;
              });
      // Failures are caught and logged in syncQuietly; the future would never hold one.
      var unused =
          syncing.scheduleWithFixedDelay(
              this::syncQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException e) {
      log.warn("mirror: sync failed, trying again at the next interval: {}", e.toString());
    }
  }

  private UserSource requireSource() {
    if (source == null) {
      throw new ConfigurationException(
          "this mirror has no source: give UserMirror.Builder.source(...) to sync with the owner");
    }
    return source;
  }

  private MirrorRow row(UserChange change) {
    return new MirrorRow(
        change.userId(),
        change.version(),
        mirrored(change.state().orElse(null)),
        defaults,
        Timestamps.now(clock));
  }

  /**
   * What a mirror keeps of a user: everything events carry, not the external subject (the owner's
   * link to its identity provider, which events never publish), whichever way the user came.
   */
  private static @Nullable User mirrored(@Nullable User user) {
    return user == null || user.externalSubject().isEmpty()
        ? user
        : user.toBuilder().externalSubject(null).build();
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

  /** Stops the periodic sync, if started, and closes the store. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (syncing != null) {
        syncing.shutdownNow();
        syncing = null;
      }
    }
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
    private @Nullable UserSource source;

    private Builder(MirrorStore store) {
      this.store = store;
    }

    /** The host-owned fields kept beside each user (none by default). */
    public Builder hostFields(HostFields fields) {
      this.fields = Objects.requireNonNull(fields, "fields");
      return this;
    }

    /** Where the owner's change feed and users are read, for sync, resync, getOrSync, health. */
    public Builder source(UserSource source) {
      this.source = Objects.requireNonNull(source, "source");
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
