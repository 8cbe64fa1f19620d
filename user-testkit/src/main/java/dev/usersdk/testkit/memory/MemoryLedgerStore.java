package dev.usersdk.testkit.memory;

import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@link LedgerStore} over {@link LedgerTables}, bound to one transaction; every write can be
 * undone.
 */
final class MemoryLedgerStore implements LedgerStore {
  private final LedgerTables t;
  private final MemoryTransaction tx;

  MemoryLedgerStore(LedgerTables tables, MemoryTransaction tx) {
    this.t = tables;
    this.tx = tx;
  }

  @Override
  public void createAccount(UserId userId, Credits opening) {
    tx.checkUsable();
    if (t.accounts.containsKey(userId)) {
      throw new IllegalStateException("account " + userId + " exists");
    }
    putAccount(userId, new StoredBalance(opening, Credits.ZERO));
  }

  @Override
  public Optional<StoredBalance> account(UserId userId) {
    tx.checkUsable();
    return Optional.ofNullable(t.accounts.get(userId));
  }

  @Override
  public Optional<StoredBalance> lockAccount(UserId userId) {
    return account(userId); // transactions are serialised: every read is as good as locked
  }

  @Override
  public Optional<Credits> debit(UserId userId, Credits amount) {
    tx.checkUsable();
    StoredBalance current = t.accounts.get(userId);
    if (!covers(current, amount)) {
      return Optional.empty();
    }
    StoredBalance next = new StoredBalance(current.posted().minus(amount), current.held());
    putAccount(userId, next);
    return Optional.of(next.posted());
  }

  @Override
  public Optional<Credits> creditAccount(UserId userId, Credits amount) {
    tx.checkUsable();
    StoredBalance current = t.accounts.get(userId);
    if (current == null) {
      return Optional.empty();
    }
    StoredBalance next = new StoredBalance(current.posted().plus(amount), current.held());
    putAccount(userId, next);
    return Optional.of(next.posted());
  }

  @Override
  public boolean reserve(UserId userId, Credits amount) {
    tx.checkUsable();
    StoredBalance current = t.accounts.get(userId);
    if (!covers(current, amount)) {
      return false;
    }
    putAccount(userId, new StoredBalance(current.posted(), current.held().plus(amount)));
    return true;
  }

  @Override
  public Credits settle(UserId userId, Credits reserved, Credits captured) {
    tx.checkUsable();
    StoredBalance current = t.accounts.get(userId);
    StoredBalance next =
        new StoredBalance(current.posted().minus(captured), current.held().minus(reserved));
    if (next.posted().isNegative()
        || next.held().isNegative()
        || next.held().compareTo(next.posted()) > 0) {
      throw new IllegalStateException("settling would break the account's invariants: " + next);
    }
    putAccount(userId, next);
    return next.posted();
  }

  @Override
  public void insertEntry(LedgerEntry entry) {
    tx.checkUsable();
    LedgerTables.UserKey key =
        entry.key().map(k -> new LedgerTables.UserKey(entry.userId(), k)).orElse(null);
    if (key != null && t.entriesByKey.containsKey(key)) {
      throw new DuplicateIdempotencyKeyException();
    }
    t.entries.put(entry.id(), entry);
    t.entriesByUser
        .computeIfAbsent(entry.userId(), u -> new TreeMap<>(LedgerTables.ENTRY_ORDER))
        .put(entry.id(), entry);
    if (key != null) {
      t.entriesByKey.put(key, entry.id());
    }
    tx.onRollback(
        () -> {
          t.entries.remove(entry.id());
          t.entriesByUser.get(entry.userId()).remove(entry.id());
          if (key != null) {
            t.entriesByKey.remove(key);
          }
        });
  }

  @Override
  public Optional<LedgerEntry> entry(EntryId id) {
    tx.checkUsable();
    return Optional.ofNullable(t.entries.get(id));
  }

  @Override
  public Optional<LedgerEntry> entryByKey(UserId userId, IdempotencyKey key) {
    tx.checkUsable();
    return Optional.ofNullable(t.entriesByKey.get(new LedgerTables.UserKey(userId, key)))
        .map(t.entries::get);
  }

  @Override
  public Credits refundedAgainst(EntryId chargeEntry) {
    tx.checkUsable();
    LedgerEntry charge = t.entries.get(chargeEntry);
    if (charge == null) {
      return Credits.ZERO;
    }
    Credits total = Credits.ZERO;
    for (LedgerEntry entry :
        t.entriesByUser
            .getOrDefault(charge.userId(), new TreeMap<>(LedgerTables.ENTRY_ORDER))
            .values()) {
      if (entry.kind() == EntryKind.REFUND
          && entry.relatedEntry().equals(Optional.of(chargeEntry))) {
        total = total.plus(entry.amount());
      }
    }
    return total;
  }

  @Override
  public List<LedgerEntry> history(UserId userId, Optional<EntryId> before, int limit) {
    tx.checkUsable();
    NavigableMap<EntryId, LedgerEntry> all =
        t.entriesByUser.getOrDefault(userId, new TreeMap<>(LedgerTables.ENTRY_ORDER));
    NavigableMap<EntryId, LedgerEntry> older =
        before.isPresent() ? all.headMap(before.get(), false) : all;
    return older.descendingMap().values().stream().limit(limit).collect(Collectors.toList());
  }

  @Override
  public EntryTotals totals(UserId userId) {
    tx.checkUsable();
    Credits sum = Credits.ZERO;
    long count = 0;
    for (LedgerEntry entry :
        t.entriesByUser.getOrDefault(userId, new TreeMap<>(LedgerTables.ENTRY_ORDER)).values()) {
      sum = sum.plus(entry.amount());
      count++;
    }
    return new EntryTotals(sum, count);
  }

  @Override
  public List<UserId> accounts(Optional<UserId> after, int limit) {
    tx.checkUsable();
    var ids =
        after.isPresent() ? t.accounts.tailMap(after.get(), false).keySet() : t.accounts.keySet();
    return ids.stream().limit(limit).collect(Collectors.toList());
  }

  @Override
  public void insertHold(Hold hold) {
    tx.checkUsable();
    if (t.holds.containsKey(hold.id())) {
      throw new IllegalStateException("hold " + hold.id() + " exists");
    }
    t.holds.put(hold.id(), hold);
    tx.onRollback(() -> t.holds.remove(hold.id()));
  }

  @Override
  public Optional<Hold> hold(HoldId id) {
    tx.checkUsable();
    return Optional.ofNullable(t.holds.get(id));
  }

  @Override
  public boolean resolveHold(HoldId id, HoldStatus status, Credits captured, Instant at) {
    tx.checkUsable();
    Hold current = t.holds.get(id);
    if (current == null || current.status() != HoldStatus.ACTIVE) {
      return false;
    }
    Hold resolved =
        new Hold(
            current.id(),
            current.userId(),
            current.amount(),
            current.key(),
            status,
            captured,
            current.createdAt(),
            current.expiresAt(),
            Optional.of(at));
    t.holds.put(id, resolved);
    tx.onRollback(() -> t.holds.put(id, current));
    return true;
  }

  @Override
  public List<Hold> expiredHolds(Optional<UserId> userId, Instant now, int limit) {
    tx.checkUsable();
    List<Hold> result = new ArrayList<>();
    t.holds.values().stream()
        .filter(h -> h.status() == HoldStatus.ACTIVE && !h.expiresAt().isAfter(now))
        .filter(h -> userId.map(u -> u.equals(h.userId())).orElse(true))
        .sorted(Comparator.comparing(Hold::expiresAt))
        .limit(limit)
        .forEach(result::add);
    return result;
  }

  /** Removes everything of a deleted user (the JDBC schema cascades the same way). */
  void deleteUser(UserId userId) {
    StoredBalance account = t.accounts.remove(userId);
    NavigableMap<EntryId, LedgerEntry> entries = t.entriesByUser.remove(userId);
    List<Hold> holds =
        t.holds.values().stream()
            .filter(h -> h.userId().equals(userId))
            .collect(Collectors.toList());
    if (entries != null) {
      entries
          .values()
          .forEach(
              e -> {
                t.entries.remove(e.id());
                e.key().ifPresent(k -> t.entriesByKey.remove(new LedgerTables.UserKey(userId, k)));
              });
    }
    holds.forEach(h -> t.holds.remove(h.id()));
    tx.onRollback(
        () -> {
          if (account != null) {
            t.accounts.put(userId, account);
          }
          if (entries != null) {
            t.entriesByUser.put(userId, entries);
            entries
                .values()
                .forEach(
                    e -> {
                      t.entries.put(e.id(), e);
                      e.key()
                          .ifPresent(
                              k -> t.entriesByKey.put(new LedgerTables.UserKey(userId, k), e.id()));
                    });
          }
          holds.forEach(h -> t.holds.put(h.id(), h));
        });
  }

  /** The condition of the JDBC stores' conditional updates: {@code balance - held >= amount}. */
  private static boolean covers(StoredBalance account, Credits amount) {
    return account != null && account.posted().minus(account.held()).compareTo(amount) >= 0;
  }

  private void putAccount(UserId userId, StoredBalance next) {
    StoredBalance previous = t.accounts.put(userId, next);
    tx.onRollback(
        () -> {
          if (previous == null) {
            t.accounts.remove(userId);
          } else {
            t.accounts.put(userId, previous);
          }
        });
  }
}
