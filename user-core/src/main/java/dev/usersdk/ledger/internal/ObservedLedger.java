package dev.usersdk.ledger.internal;

import dev.usersdk.Page;
import dev.usersdk.internal.Observing;
import dev.usersdk.ledger.Balance;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.ledger.Reconciliation;
import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ledger with every write told to an {@link Observer}: its outcome ({@code "ok"}, {@code
 * "replayed"} for a receipt answered from its key, or the code it failed with) and its time. Only
 * built when something observes, so an unobserved client pays nothing for it.
 */
public final class ObservedLedger implements BalanceLedger {
  private final BalanceLedger ledger;
  private final Observer observer;

  public ObservedLedger(BalanceLedger ledger, Observer observer) {
    this.ledger = ledger;
    this.observer = observer;
  }

  private static String receipt(Receipt receipt) {
    return receipt.replayed() ? "replayed" : "ok";
  }

  @Override
  public Balance balance(UserId userId) {
    return ledger.balance(userId);
  }

  @Override
  public Receipt deduct(UserId userId, Credits amount, IdempotencyKey key) {
    return Observing.observe(
        observer,
        Operation.DEDUCT,
        () -> ledger.deduct(userId, amount, key),
        ObservedLedger::receipt);
  }

  @Override
  public Receipt deduct(UserId userId, Credits amount, IdempotencyKey key, @Nullable String memo) {
    return Observing.observe(
        observer,
        Operation.DEDUCT,
        () -> ledger.deduct(userId, amount, key, memo),
        ObservedLedger::receipt);
  }

  @Override
  public Receipt credit(
      UserId userId, Credits amount, IdempotencyKey key, @Nullable String reason) {
    return Observing.observe(
        observer,
        Operation.CREDIT,
        () -> ledger.credit(userId, amount, key, reason),
        ObservedLedger::receipt);
  }

  @Override
  public LedgerEntry refund(EntryId chargeEntry, Credits amount) {
    return Observing.observe(observer, Operation.REFUND, () -> ledger.refund(chargeEntry, amount));
  }

  @Override
  public LedgerEntry refund(EntryId chargeEntry, Credits amount, IdempotencyKey key) {
    return Observing.observe(
        observer, Operation.REFUND, () -> ledger.refund(chargeEntry, amount, key));
  }

  @Override
  public Hold hold(UserId userId, Credits amount, IdempotencyKey key, Duration ttl) {
    return Observing.observe(observer, Operation.HOLD, () -> ledger.hold(userId, amount, key, ttl));
  }

  @Override
  public LedgerEntry capture(HoldId holdId, Credits actual) {
    return Observing.observe(observer, Operation.CAPTURE, () -> ledger.capture(holdId, actual));
  }

  @Override
  public LedgerEntry capture(HoldId holdId, Credits actual, IdempotencyKey key) {
    return Observing.observe(
        observer, Operation.CAPTURE, () -> ledger.capture(holdId, actual, key));
  }

  @Override
  public LedgerEntry release(HoldId holdId) {
    return Observing.observe(observer, Operation.RELEASE, () -> ledger.release(holdId));
  }

  @Override
  public LedgerEntry release(HoldId holdId, IdempotencyKey key) {
    return Observing.observe(observer, Operation.RELEASE, () -> ledger.release(holdId, key));
  }

  @Override
  public Hold getHold(HoldId holdId) {
    return ledger.getHold(holdId);
  }

  @Override
  public LedgerEntry adjust(UserId userId, Credits delta, String reason, UserId admin) {
    return Observing.observe(
        observer, Operation.ADJUST, () -> ledger.adjust(userId, delta, reason, admin));
  }

  @Override
  public LedgerEntry adjust(
      UserId userId, Credits delta, String reason, UserId admin, IdempotencyKey key) {
    return Observing.observe(
        observer, Operation.ADJUST, () -> ledger.adjust(userId, delta, reason, admin, key));
  }

  @Override
  public Page<LedgerEntry> history(UserId userId, int limit, @Nullable String cursor) {
    return ledger.history(userId, limit, cursor);
  }

  @Override
  public Reconciliation reconcile(UserId userId) {
    return ledger.reconcile(userId);
  }

  @Override
  public List<Reconciliation> reconcileAll() {
    return ledger.reconcileAll();
  }

  @Override
  public int sweepExpiredHolds() {
    return ledger.sweepExpiredHolds();
  }

  @Override
  public CoalescingStats coalescingStats() {
    return ledger.coalescingStats();
  }
}
