/**
 * Credits: the {@link dev.usersdk.ledger.BalanceLedger} API (race-safe deductions with idempotency
 * keys, holds, refunds, adjustments, reconciliation) and its values. Implemented in {@code
 * dev.usersdk.ledger.internal}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.ledger;

import org.jspecify.annotations.NullMarked;
