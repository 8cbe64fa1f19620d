package dev.usersdk.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.ledger.Credits;
import dev.usersdk.spi.LedgerStore.StoredBalance;
import org.junit.jupiter.api.Test;

class BalanceHintTest {
  private static final StoredBalance TEN = new StoredBalance(Credits.of(10), Credits.ZERO);
  private static final StoredBalance NINE = new StoredBalance(Credits.of(9), Credits.ZERO);

  @Test
  void offersWhatTheLastBatchLeftUntilTheLaneForgetsIt() {
    BalanceHint hint = new BalanceHint();
    assertThat(hint.expected()).as("nothing known before a batch committed").isNull();
    hint.committed(TEN, false);
    assertThat(hint.expected()).isEqualTo(TEN);
    hint.committed(NINE, true);
    assertThat(hint.expected()).isEqualTo(NINE);
    hint.forget();
    assertThat(hint.expected()).isNull();
  }

  @Test
  void afterEachMissLocksFirstForTwiceAsManyBatchesUpToSixtyFour() {
    BalanceHint hint = new BalanceHint();
    int[] expectedSkips = {1, 2, 4, 8, 16, 32, 64, 64};
    for (int skips : expectedSkips) {
      hint.committed(TEN, false);
      hint.missed();
      assertThat(hint.expected()).as("the miss itself drops the balance").isNull();
      hint.committed(TEN, false); // the locked run that follows the miss
      assertThat(lockedBatchesBeforeOffered(hint)).isEqualTo(skips);
    }
  }

  @Test
  void aBatchCheckedWithoutTheLockEndsThePenalty() {
    BalanceHint hint = new BalanceHint();
    hint.committed(TEN, false);
    hint.missed();
    hint.committed(TEN, false);
    hint.missed(); // second miss in a row: two locked batches
    hint.committed(TEN, false);
    assertThat(lockedBatchesBeforeOffered(hint)).isEqualTo(2);
    hint.committed(NINE, true); // checked without the lock: the account is this lane's again
    hint.missed();
    hint.committed(NINE, false);
    assertThat(lockedBatchesBeforeOffered(hint)).isEqualTo(1);
  }

  /** How many batches are told to lock before the known balance is offered again. */
  private static int lockedBatchesBeforeOffered(BalanceHint hint) {
    int locked = 0;
    while (hint.expected() == null) {
      locked++;
      assertThat(locked).isLessThanOrEqualTo(64);
    }
    return locked;
  }
}
