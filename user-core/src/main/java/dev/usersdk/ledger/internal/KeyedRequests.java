package dev.usersdk.ledger.internal;

import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.IdempotencyConflictException;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency: a request whose key is taken is answered from the original entry if it is the same
 * request, and refused with {@link IdempotencyConflictException} if not.
 */
final class KeyedRequests {
  private static final Logger log = LoggerFactory.getLogger(KeyedRequests.class);

  /**
   * How long a keyed write whose commit answer was lost is tried again before the caller hears of
   * it: long enough to ride out a failover or a restarting server, short enough for a request.
   */
  static final Duration SETTLE_WITHIN = Duration.ofSeconds(10);

  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long LONGEST_PAUSE_MILLIS = 1000;

  private final Stores stores;

  KeyedRequests(Stores stores) {
    this.stores = stores;
  }

  /**
   * Runs a keyed call, and if the answer to its commit was lost, runs it again until it answers.
   * The key makes that safe: a request that did commit is answered from its original entry (a
   * replay), one that did not is made now. When the store stays out of reach for {@link
   * #SETTLE_WITHIN}, the first {@link OutcomeUnknownException} reaches the caller, who may retry
   * with the same key.
   */
  static <T> T settled(Supplier<T> keyedCall) {
    try {
      return keyedCall.get();
    } catch (OutcomeUnknownException unknown) {
      return settle(unknown, keyedCall, System.nanoTime() + SETTLE_WITHIN.toNanos());
    }
  }

  /**
   * Settles a keyed request whose earlier attempt ended in {@code unknown}: runs it again until it
   * answers. A store out of reach meanwhile says nothing about that attempt, so it is not the
   * answer: once {@code deadline} ({@link System#nanoTime()}) has passed the caller gets {@code
   * unknown}.
   */
  static <T> T settle(OutcomeUnknownException unknown, Supplier<T> keyedCall, long deadline) {
    log.warn("a keyed ledger write lost the answer to its commit; settling it by its key");
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      if (System.nanoTime() > deadline) {
        throw unknown;
      }
      try {
        return keyedCall.get();
      } catch (StoreUnavailableException | OutcomeUnknownException again) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
          unknown.addSuppressed(again);
          throw unknown;
        }
        sleep(pause, unknown);
        pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
      }
    }
  }

  private static void sleep(long millis, OutcomeUnknownException unknown) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unknown;
    }
  }

  /**
   * The entry of the request that took {@code key}, if it asked for the same {@code kind} and
   * {@code amount}.
   */
  LedgerEntry original(UserId userId, IdempotencyKey key, EntryKind kind, Credits amount) {
    return existing(userId, key, kind, amount)
        .orElseThrow(
            () -> new IllegalStateException("idempotency key reported taken but not found"));
  }

  /**
   * {@link #original} if the key is taken, read without writing (so also on a read-only server):
   * empty if it is free.
   */
  Optional<LedgerEntry> existing(
      UserId userId, IdempotencyKey key, EntryKind kind, Credits amount) {
    Optional<LedgerEntry> found = stores.read(tx -> tx.ledger().entryByKey(userId, key));
    if (found.isEmpty()) {
      return found;
    }
    return Optional.of(sameRequest(found.get(), key, kind, amount));
  }

  /**
   * {@code original}, the entry that took {@code key}, if it asked for the same {@code kind} and
   * {@code amount} (a usage entry answers a deduction: the same request to a user not charged).
   *
   * @throws IdempotencyConflictException if it asked for something else
   */
  static LedgerEntry sameRequest(
      LedgerEntry original, IdempotencyKey key, EntryKind kind, Credits amount) {
    EntryKind originalKind =
        original.kind() == EntryKind.USAGE ? EntryKind.DEDUCTION : original.kind();
    if (originalKind != kind || !original.requested().equals(amount)) {
      throw new IdempotencyConflictException(
          key, describe(originalKind, original.requested()), describe(kind, amount));
    }
    return original;
  }

  /**
   * {@link #original}, which must also concern the same charge, hold or user: a key names one
   * request, and a refund of another charge under it is another request.
   */
  LedgerEntry original(
      UserId userId, IdempotencyKey key, EntryKind kind, Credits amount, Object target) {
    return sameRequest(original(userId, key, kind, amount), key, kind, amount, target);
  }

  /**
   * {@link #sameRequest(LedgerEntry, IdempotencyKey, EntryKind, Credits)} that must also concern
   * the same charge, hold or user.
   */
  static LedgerEntry sameRequest(
      LedgerEntry original, IdempotencyKey key, EntryKind kind, Credits amount, Object target) {
    sameRequest(original, key, kind, amount);
    boolean same =
        original.relatedEntry().map(target::equals).orElse(false)
            || original.hold().map(target::equals).orElse(false)
            || original.userId().equals(target);
    if (!same) {
      throw new IdempotencyConflictException(
          key,
          describe(original.kind(), original.requested()) + " of another target",
          describe(kind, amount));
    }
    return original;
  }

  /**
   * Refuses, inside the write's transaction, a request whose key is taken already: the write then
   * rolls back and the caller answers from the original, before any check that a replay would fail
   * (a second refund of the whole charge "exceeds" it).
   */
  static void requireKeyFree(StoreTransaction tx, UserId userId, @Nullable IdempotencyKey key) {
    if (key != null && tx.ledger().entryByKey(userId, key).isPresent()) {
      throw new DuplicateIdempotencyKeyException();
    }
  }

  /**
   * Why a debit or reservation was not applied: a retried request, an unknown user, or too little.
   */
  static RuntimeException refusal(
      StoreTransaction tx, UserId userId, Credits amount, @Nullable IdempotencyKey key) {
    if (key != null && tx.ledger().entryByKey(userId, key).isPresent()) {
      // A retry of a request that already went through: answer from the original.
      return new DuplicateIdempotencyKeyException();
    }
    LedgerStore.StoredBalance stored = tx.ledger().account(userId).orElse(null);
    if (stored == null) {
      return new UserNotFoundException(userId);
    }
    return new InsufficientBalanceException(amount, stored.posted().minus(stored.held()));
  }

  private static String describe(EntryKind kind, Credits amount) {
    return kind.name().toLowerCase(Locale.ROOT) + " of " + amount;
  }
}
