package dev.usersdk.ledger;

/**
 * What coalescing of concurrent deductions has done since the client started ({@link
 * BalanceLedger#coalescingStats()}); all zero when it is off. Counters only grow.
 *
 * @param batches transactions that decided more than one deduction
 * @param batchedDeductions deductions decided in those transactions
 * @param alone deductions that ran by themselves: nothing else of the account was waiting, or their
 *     batch's transaction failed and each of its deductions was run again alone
 * @param fallbacks batches whose transaction failed, after which their deductions ran alone
 * @param refused callers refused with {@link AccountBusyException} because the account's queue was
 *     full
 * @param largestBatch the most deductions one transaction decided
 */
public record CoalescingStats(
    long batches,
    long batchedDeductions,
    long alone,
    long fallbacks,
    long refused,
    int largestBatch) {

  /** The statistics of a ledger that does not coalesce. */
  public static final CoalescingStats NONE = new CoalescingStats(0, 0, 0, 0, 0, 0);

  /** Deductions per batch, over the batches of more than one; 0 when there were none. */
  public double meanBatchSize() {
    return batches == 0 ? 0 : (double) batchedDeductions / batches;
  }
}
