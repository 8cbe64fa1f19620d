package dev.usersdk.ledger.internal;

import dev.usersdk.ValidationException;
import dev.usersdk.internal.Text;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.user.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Opening an account, and the input checks every ledger request shares. */
public final class Accounts {
  private static final int MAX_MEMO_LENGTH = 500;

  private Accounts() {}

  /**
   * Opens the account of a user created in {@code tx}, with its opening grant as the first entry,
   * so the ledger explains the balance from the start.
   */
  public static void open(
      StoreTransaction tx, UserId userId, Credits opening, Instant now, UuidV7 ids) {
    open(tx, userId, opening, now, ids, "opening balance");
  }

  /** {@link #open} with the opening entry's memo (an imported balance says so). */
  public static void open(
      StoreTransaction tx, UserId userId, Credits opening, Instant now, UuidV7 ids, String memo) {
    tx.ledger().createAccount(userId, opening);
    if (opening.isPositive()) {
      tx.ledger()
          .insertEntry(LedgerEntry.opening(new EntryId(ids.next(now)), userId, opening, memo, now));
    }
  }

  static void requirePositive(@Nullable Credits amount) {
    if (amount == null || !amount.isPositive()) {
      throw new ValidationException("amount", "amount must be positive, was " + amount);
    }
  }

  static @Nullable String memo(@Nullable String memo) {
    return Text.optional("memo", memo, MAX_MEMO_LENGTH);
  }

  static String reason(@Nullable String reason) {
    return Text.required("reason", reason, MAX_MEMO_LENGTH);
  }
}
