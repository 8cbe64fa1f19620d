package dev.usersdk.ledger;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a user's ledger. Entries are never changed or deleted; together they explain the
 * balance: the {@link #amount()}s of a user's entries add up to its posted balance.
 *
 * @param id the entry's id
 * @param userId whose ledger
 * @param kind what happened
 * @param amount the change of the posted balance: negative for deductions and captures, zero for
 *     holds, releases and exempt usage
 * @param balanceAfter the posted balance right after this entry
 * @param requested the amount the request named (a hold's or an exempt usage's amount too)
 * @param key the idempotency key of the request, if it had one
 * @param memo the caller's note or reason
 * @param relatedEntry the deduction a refund gives back against
 * @param hold the hold a HOLD, CAPTURE or RELEASE entry belongs to
 * @param actor the admin behind an adjustment
 * @param createdAt when it was written
 */
public record LedgerEntry(
    EntryId id,
    UserId userId,
    EntryKind kind,
    Credits amount,
    Credits balanceAfter,
    Credits requested,
    Optional<IdempotencyKey> key,
    Optional<String> memo,
    Optional<EntryId> relatedEntry,
    Optional<HoldId> hold,
    Optional<UserId> actor,
    Instant createdAt) {
  public LedgerEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(balanceAfter, "balanceAfter");
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(memo, "memo");
    Objects.requireNonNull(relatedEntry, "relatedEntry");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** This entry with another {@link #balanceAfter()}; for stores that learn it while writing. */
  public LedgerEntry withBalanceAfter(Credits balanceAfter) {
    return new LedgerEntry(id, userId, kind, amount, balanceAfter, requested, key, memo, relatedEntry, hold, actor,
        createdAt);
  }

  /** Whether this entry charged the user (a deduction or a capture). */
  public boolean charged() {
    return kind == EntryKind.DEDUCTION || kind == EntryKind.CAPTURE;
  }
}
