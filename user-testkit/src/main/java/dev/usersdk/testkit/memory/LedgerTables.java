package dev.usersdk.testkit.memory;

import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.LedgerStore.StoredBalance;
import dev.usersdk.user.UserId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Accounts, entries and holds, with the indexes the JDBC schema has. Guarded by the stores' lock.
 */
final class LedgerTables {
  record UserKey(UserId userId, IdempotencyKey key) {}

  /** Entry ids compare as unsigned 128-bit numbers, like {@link UserId}. */
  static final Comparator<EntryId> ENTRY_ORDER = Comparator.comparing(id -> new UserId(id.value()));

  final NavigableMap<UserId, StoredBalance> accounts = new TreeMap<>();
  final Map<EntryId, LedgerEntry> entries = new HashMap<>();
  final Map<UserId, NavigableMap<EntryId, LedgerEntry>> entriesByUser = new HashMap<>();
  final Map<UserKey, EntryId> entriesByKey = new HashMap<>();
  final Map<HoldId, Hold> holds = new HashMap<>();
}
