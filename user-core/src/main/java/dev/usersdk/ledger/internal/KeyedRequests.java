package dev.usersdk.ledger.internal;

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
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Idempotency: a request whose key is taken is answered from the original entry if it is the same
 * request, and refused with {@link IdempotencyConflictException} if not.
 */
final class KeyedRequests {
  private final Stores stores;

  KeyedRequests(Stores stores) {
    this.stores = stores;
  }

  /**
   * The entry of the request that took {@code key}, if it asked for the same {@code kind} and
   * {@code amount}.
   */
  LedgerEntry original(UserId userId, IdempotencyKey key, EntryKind kind, Credits amount) {
    LedgerEntry original =
        stores
            .inTransaction(tx -> tx.ledger().entryByKey(userId, key))
            .orElseThrow(
                () -> new IllegalStateException("idempotency key reported taken but not found"));
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
    LedgerEntry original = original(userId, key, kind, amount);
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
