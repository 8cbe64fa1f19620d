package dev.usersdk.ledger;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of a user's ledger. Entries are never changed or deleted; together they explain the
 * balance: the {@link #amount()}s of a user's entries add up to its posted balance. Built by name
 * ({@link #deduction}, {@link #credit}, ...); the canonical constructor is for stores reading rows.
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

  /** The opening grant of a new account: the first entry, explaining the starting balance. */
  public static LedgerEntry opening(EntryId id, UserId userId, Credits amount, Instant at) {
    return opening(id, userId, amount, "opening balance", at);
  }

  /** An opening entry with its own memo, e.g. for a balance moved in from another system. */
  public static LedgerEntry opening(
      EntryId id, UserId userId, Credits amount, String memo, Instant at) {
    return new LedgerEntry(
        id,
        userId,
        EntryKind.OPENING,
        amount,
        amount,
        amount,
        Optional.empty(),
        Optional.of(memo),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        at);
  }

  /**
   * A charge of {@code amount} (positive; the entry's {@link #amount()} is its negation). The
   * balance after is not known until the store applies it: zero here, filled in by {@link
   * #withBalanceAfter}.
   */
  public static LedgerEntry deduction(
      EntryId id,
      UserId userId,
      Credits amount,
      IdempotencyKey key,
      @Nullable String memo,
      Instant at) {
    return keyed(
        id, userId, EntryKind.DEDUCTION, amount.negate(), Credits.ZERO, amount, key, memo, at);
  }

  /** A deduction the charge policy exempts: recorded, not charged. */
  public static LedgerEntry usage(
      EntryId id,
      UserId userId,
      Credits requested,
      Credits balance,
      IdempotencyKey key,
      @Nullable String memo,
      Instant at) {
    return keyed(id, userId, EntryKind.USAGE, Credits.ZERO, balance, requested, key, memo, at);
  }

  /** A keyed grant of {@code amount}. */
  public static LedgerEntry credit(
      EntryId id,
      UserId userId,
      Credits amount,
      Credits balanceAfter,
      IdempotencyKey key,
      @Nullable String memo,
      Instant at) {
    return keyed(id, userId, EntryKind.CREDIT, amount, balanceAfter, amount, key, memo, at);
  }

  /** Gives back {@code amount} of the charge {@code chargeEntry}, under {@code key} if given. */
  public static LedgerEntry refund(
      EntryId id,
      UserId userId,
      Credits amount,
      Credits balanceAfter,
      EntryId chargeEntry,
      @Nullable IdempotencyKey key,
      Instant at) {
    return new LedgerEntry(
        id,
        userId,
        EntryKind.REFUND,
        amount,
        balanceAfter,
        amount,
        Optional.ofNullable(key),
        Optional.empty(),
        Optional.of(chargeEntry),
        Optional.empty(),
        Optional.empty(),
        at);
  }

  /** Reserves {@code amount} for {@code hold}; the posted balance does not move. */
  public static LedgerEntry hold(EntryId id, Hold hold, Credits balance, Instant at) {
    return ofHold(
        id,
        hold,
        EntryKind.HOLD,
        Credits.ZERO,
        balance,
        hold.amount(),
        Optional.of(hold.key()),
        Optional.empty(),
        at);
  }

  /** Charges {@code captured} of {@code hold} and frees the rest of its reservation. */
  public static LedgerEntry capture(
      EntryId id,
      Hold hold,
      Credits captured,
      Credits balanceAfter,
      @Nullable IdempotencyKey key,
      Instant at) {
    return ofHold(
        id,
        hold,
        EntryKind.CAPTURE,
        captured.negate(),
        balanceAfter,
        captured,
        Optional.ofNullable(key),
        Optional.empty(),
        at);
  }

  /** Frees {@code hold}'s reservation without a charge; {@code expired} when its time ran out. */
  public static LedgerEntry release(
      EntryId id,
      Hold hold,
      Credits balance,
      boolean expired,
      @Nullable IdempotencyKey key,
      Instant at) {
    return ofHold(
        id,
        hold,
        EntryKind.RELEASE,
        Credits.ZERO,
        balance,
        hold.amount(),
        Optional.ofNullable(key),
        expired ? Optional.of("expired") : Optional.empty(),
        at);
  }

  private static LedgerEntry ofHold(
      EntryId id,
      Hold hold,
      EntryKind kind,
      Credits amount,
      Credits balance,
      Credits requested,
      Optional<IdempotencyKey> key,
      Optional<String> memo,
      Instant at) {
    return new LedgerEntry(
        id,
        hold.userId(),
        kind,
        amount,
        balance,
        requested,
        key,
        memo,
        Optional.empty(),
        Optional.of(hold.id()),
        Optional.empty(),
        at);
  }

  /** An admin's correction by {@code delta} (either sign), with the reason. */
  public static LedgerEntry adjustment(
      EntryId id,
      UserId userId,
      Credits delta,
      Credits balanceAfter,
      String reason,
      UserId admin,
      @Nullable IdempotencyKey key,
      Instant at) {
    return new LedgerEntry(
        id,
        userId,
        EntryKind.ADJUSTMENT,
        delta,
        balanceAfter,
        delta,
        Optional.ofNullable(key),
        Optional.of(reason),
        Optional.empty(),
        Optional.empty(),
        Optional.of(admin),
        at);
  }

  private static LedgerEntry keyed(
      EntryId id,
      UserId userId,
      EntryKind kind,
      Credits amount,
      Credits balanceAfter,
      Credits requested,
      IdempotencyKey key,
      @Nullable String memo,
      Instant at) {
    return new LedgerEntry(
        id,
        userId,
        kind,
        amount,
        balanceAfter,
        requested,
        Optional.of(key),
        Optional.ofNullable(memo),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        at);
  }

  /** This entry with another {@link #balanceAfter()}; for stores that learn it while writing. */
  public LedgerEntry withBalanceAfter(Credits balanceAfter) {
    return new LedgerEntry(
        id,
        userId,
        kind,
        amount,
        balanceAfter,
        requested,
        key,
        memo,
        relatedEntry,
        hold,
        actor,
        createdAt);
  }

  /** Whether this entry charged the user (a deduction or a capture). */
  public boolean charged() {
    return kind == EntryKind.DEDUCTION || kind == EntryKind.CAPTURE;
  }
}
