/**
 * How {@link dev.usersdk.ledger.BalanceLedger} works: {@code LedgerService} (deductions, credits,
 * refunds, adjustments, history), {@code Holds} (reservations), {@code KeyedRequests} (idempotency)
 * and {@code Accounts} (opening an account, shared input checks).
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.ledger.internal;
