package dev.usersdk.ledger.internal;

import dev.usersdk.spi.LedgerStore.StoredBalance;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What one account's last batch left in its row, kept by the account's lane for its next batch:
 * with it, a batch of deductions and holds is evaluated before anything is sent and written with
 * one conditional update that checks the row still holds it, a round trip shorter than locking and
 * reading the row first (see {@link Batches}). Only the lane's current leader touches it, but for
 * the count of outside changes.
 *
 * <p>No balance rests on it: a row that changed (another node's batch, a call that did not queue)
 * fails the check, and the batch runs again on the locked row. Each such miss costs a round trip
 * and a rollback, so after a miss the next batches lock first, twice as many after each further
 * miss (up to 64): an account several nodes write to settles on locking.
 *
 * <p>One change the check cannot see: calls that leave the row exactly as they found it (a credit
 * and a deduction of the same amount). Their entries may be numbered after the batch's, which drew
 * its ids before it held the row, and yet commit before it, breaking the running balance of the
 * history. So every call of this client that writes the account without queueing counts itself here
 * ({@link #changedOutside()}, once its entry is numbered and before it commits), and a batch that
 * sees the count move between drawing its ids and its unlocked write is rolled back like a miss.
 * Other clients number their entries by their own clocks, unordered against this one's anyway.
 */
final class BalanceHint {
  private static final int MOST_SKIPPED = 64;

  private final AtomicInteger outsideChanges = new AtomicInteger();
  private @Nullable StoredBalance known;
  private int skipping;
  private int penalty;

  /** A call of this client is writing the account without queueing (any thread). */
  void changedOutside() {
    outsideChanges.incrementAndGet();
  }

  /** How many such calls there were so far: compared before and after an unlocked write. */
  int outsideChanges() {
    return outsideChanges.get();
  }

  /** The balance to evaluate the next batch against, or null to lock and read it. */
  @Nullable StoredBalance expected() {
    if (known == null) {
      return null;
    }
    if (skipping > 0) {
      skipping--;
      return null;
    }
    return known;
  }

  /** A batch committed, leaving {@code after} in the row (null: not known). */
  void committed(@Nullable StoredBalance after, boolean checkedWithoutLock) {
    known = after;
    if (checkedWithoutLock) {
      penalty = 0;
    }
  }

  /** The row did not hold {@link #expected()}: lock first for a while. */
  void missed() {
    known = null;
    penalty = penalty == 0 ? 1 : Math.min(penalty * 2, MOST_SKIPPED);
    skipping = penalty;
  }

  /** The row may have changed in a way this lane did not see (a request ran alone, a failure). */
  void forget() {
    known = null;
  }
}
