package dev.usersdk.event.internal;

import dev.usersdk.event.EventMeta;
import dev.usersdk.event.UserEvent;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A ledger store whose entries each record a {@code ledger.entry_recorded} event. */
final class EventingLedgerStore implements LedgerStore {
  private final LedgerStore delegate;
  private final StoreTransaction tx;
  private final Outbox outbox;

  EventingLedgerStore(LedgerStore delegate, StoreTransaction tx, Outbox outbox) {
    this.delegate = delegate;
    this.tx = tx;
    this.outbox = outbox;
  }

  private void recorded(LedgerEntry entry) {
    // A ledger entry does not change the user: version 0, ordered by the outbox within the user.
    outbox.record(tx, entry.userId(), 0, meta -> event(entry, meta));
  }

  private static UserEvent event(LedgerEntry entry, EventMeta meta) {
    return new UserEvent.EntryRecorded(
        meta,
        entry.id(),
        entry.kind(),
        entry.amount(),
        entry.balanceAfter(),
        entry.key().map(IdempotencyKey::value));
  }

  @Override
  public void insertEntry(LedgerEntry entry) {
    delegate.insertEntry(entry);
    recorded(entry);
  }

  @Override
  public Optional<LockedAccount> lockAccountWithKeys(
      UserId userId, Collection<IdempotencyKey> keys) {
    return delegate.lockAccountWithKeys(userId, keys);
  }

  @Override
  public void writeBatch(
      UserId userId, Credits debit, Credits reserve, List<Hold> holds, List<LedgerEntry> entries) {
    delegate.writeBatch(userId, debit, reserve, holds, entries);
    outbox.recordAll(tx, userId, entries, EventingLedgerStore::event);
  }

  @Override
  public void writeBatchIfUnchanged(
      UserId userId,
      StoredBalance expected,
      Credits debit,
      Credits reserve,
      List<Hold> holds,
      List<LedgerEntry> entries) {
    delegate.writeBatchIfUnchanged(userId, expected, debit, reserve, holds, entries);
    outbox.recordAll(tx, userId, entries, EventingLedgerStore::event);
  }

  @Override
  public Optional<LedgerEntry> debitAndRecord(
      UserId userId, Credits amount, Supplier<LedgerEntry> entry) {
    Optional<LedgerEntry> written = delegate.debitAndRecord(userId, amount, entry);
    written.ifPresent(this::recorded);
    return written;
  }

  @Override
  public void createAccount(UserId userId, Credits opening) {
    delegate.createAccount(userId, opening);
  }

  @Override
  public Optional<StoredBalance> account(UserId userId) {
    return delegate.account(userId);
  }

  @Override
  public Optional<StoredBalance> lockAccount(UserId userId) {
    return delegate.lockAccount(userId);
  }

  @Override
  public Optional<Credits> debit(UserId userId, Credits amount) {
    return delegate.debit(userId, amount);
  }

  @Override
  public Optional<Credits> creditAccount(UserId userId, Credits amount) {
    return delegate.creditAccount(userId, amount);
  }

  @Override
  public boolean reserve(UserId userId, Credits amount) {
    return delegate.reserve(userId, amount);
  }

  @Override
  public Credits settle(UserId userId, Credits reserved, Credits captured) {
    return delegate.settle(userId, reserved, captured);
  }

  @Override
  public Optional<LedgerEntry> entry(EntryId id) {
    return delegate.entry(id);
  }

  @Override
  public Optional<LedgerEntry> entryByKey(UserId userId, IdempotencyKey key) {
    return delegate.entryByKey(userId, key);
  }

  @Override
  public Credits refundedAgainst(EntryId chargeEntry) {
    return delegate.refundedAgainst(chargeEntry);
  }

  @Override
  public List<LedgerEntry> history(UserId userId, Optional<EntryId> before, int limit) {
    return delegate.history(userId, before, limit);
  }

  @Override
  public EntryTotals totals(UserId userId) {
    return delegate.totals(userId);
  }

  @Override
  public List<UserId> accounts(Optional<UserId> after, int limit) {
    return delegate.accounts(after, limit);
  }

  @Override
  public void insertHold(Hold hold) {
    delegate.insertHold(hold);
  }

  @Override
  public Optional<Hold> hold(HoldId id) {
    return delegate.hold(id);
  }

  @Override
  public boolean resolveHold(HoldId id, HoldStatus status, Credits captured, Instant at) {
    return delegate.resolveHold(id, status, captured, at);
  }

  @Override
  public List<Hold> expiredHolds(Optional<UserId> userId, Instant now, int limit) {
    return delegate.expiredHolds(userId, now, limit);
  }
}
