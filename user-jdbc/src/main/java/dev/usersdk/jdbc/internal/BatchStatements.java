package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.BalanceChangedException;
import dev.usersdk.spi.LedgerStore.LockedAccount;
import dev.usersdk.spi.LedgerStore.StoredBalance;
import dev.usersdk.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The statements of a coalesced batch (deductions and holds of one account), in as few round trips
 * as each dialect allows. A hot account's throughput is the number of batches a second, and a
 * batch's time is mostly round trips: the prototype went from 4.35x to 5.2x (MariaDB) and 6.5x to
 * 11.6x (PostgreSQL) the per-deduction rate by cutting five to three. A batch locks the account
 * ({@link #lock}), changes the balance and writes its holds and entries ({@link #write}), and
 * commits; only a batch that met a used key locks again with its keys looked up ({@link
 * #lockWithKeys}). A batch evaluated against the balance its account's previous batch left skips
 * the lock: {@link #write} with the expected balance checks the row in the balance change's own
 * condition (two round trips on PostgreSQL, three statements elsewhere).
 *
 * <ul>
 *   <li>PostgreSQL: the writes in one round trip (pgjdbc sends the statements of one string
 *       together), and so the lock and the key lookup (each statement runs with its own snapshot,
 *       so the lookup sees what committed while the lock was awaited): three round trips a batch.
 *   <li>MySQL/MariaDB: the lock and the lookup are one locking join (a locking read sees the newest
 *       committed rows, and under READ COMMITTED takes no gap locks); the balance change and the
 *       multi-row inserts are one statement each, since several statements in one string need a
 *       connection option the host's data source may not set: four round trips a batch of
 *       deductions.
 *   <li>H2 (in process, round trips are free): the plain statements.
 * </ul>
 */
final class BatchStatements {
  private static final String ENTRY_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String HOLD_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** The batch's deductions leave the balance and its holds join what is held, if both fit. */
  private static final String CHANGE_BALANCE =
      "UPDATE usersdk_accounts SET balance = balance - ?, held = held + ? "
          + "WHERE user_id = ? AND balance - held >= ?";

  /**
   * The same change on a row that was not locked first, if it still holds what the batch was
   * evaluated against; the batch checked that its total fits in that.
   */
  private static final String CHANGE_BALANCE_IF_UNCHANGED =
      "UPDATE usersdk_accounts SET balance = balance - ?, held = held + ? "
          + "WHERE user_id = ? AND balance = ? AND held = ?";

  private static final String LOCK =
      "SELECT balance, held FROM usersdk_accounts WHERE user_id = ? FOR UPDATE";
  private static final String JOINED_ENTRY_COLUMNS =
      LedgerDao.ENTRY_COLUMNS.replaceAll("(\\w+)", "e.$1");

  private final Connection connection;
  private final SqlTypes types;

  BatchStatements(Connection connection, SqlTypes types) {
    this.connection = connection;
    this.types = types;
  }

  /** The account's row, locked: plain JDBC, as it starts every batch. */
  Optional<StoredBalance> lock(UserId userId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      types.bindUuid(statement, 1, userId.value());
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(balance(rs, "balance", "held")) : Optional.empty();
      }
    }
  }

  Optional<LockedAccount> lockWithKeys(UserId userId, Collection<IdempotencyKey> keys)
      throws SQLException {
    return switch (types.dialect()) {
      case POSTGRESQL -> lockThenLookUp(userId, keys, true);
      case MYSQL, MARIADB -> lockingJoin(userId, keys);
      case H2 -> lockThenLookUp(userId, keys, false);
    };
  }

  /**
   * The balance change, the holds and the entries: one string on PostgreSQL (one round trip), one
   * statement each elsewhere. Holds first: a hold's entry refers to it. With {@code expected} the
   * row was not locked before: the balance change's own condition checks it still holds that (the
   * batch's only round trip before the commit on PostgreSQL, without the locking read).
   *
   * @throws BalanceChangedException if the row does not hold {@code expected}; on PostgreSQL the
   *     inserts were sent with the update, so the transaction must roll back (as it does for any
   *     failure of the batch's work)
   */
  void write(
      UserId userId,
      @Nullable StoredBalance expected,
      Credits debit,
      Credits reserve,
      List<Hold> holds,
      List<LedgerEntry> entries)
      throws SQLException {
    // A batch of only releases, refunds and credits changed the account before: nothing here.
    // Unlocked, the update is what checks and locks the row, so it always runs.
    boolean change = expected != null || !debit.isZero() || !reserve.isZero();
    List<String> statements = new ArrayList<>();
    if (change) {
      statements.add(expected == null ? CHANGE_BALANCE : CHANGE_BALANCE_IF_UNCHANGED);
    }
    if (!holds.isEmpty()) {
      statements.add(
          "INSERT INTO usersdk_holds ("
              + LedgerDao.HOLD_COLUMNS
              + ") VALUES "
              + String.join(", ", Collections.nCopies(holds.size(), HOLD_PLACEHOLDERS)));
    }
    if (!entries.isEmpty()) {
      statements.add(
          "INSERT INTO usersdk_ledger_entries ("
              + LedgerDao.ENTRY_COLUMNS
              + ") VALUES "
              + String.join(", ", Collections.nCopies(entries.size(), ENTRY_PLACEHOLDERS)));
    }
    if (statements.isEmpty()) {
      return;
    }
    if (types.dialect() == Dialect.POSTGRESQL) {
      try (PreparedStatement all = connection.prepareStatement(String.join("; ", statements))) {
        int next = change ? bindBalanceChange(all, userId, expected, debit, reserve) : 1;
        next = bindHolds(all, next, holds);
        bindEntries(all, next, entries);
        all.execute(); // throws for a failure of any of them
        if (change) {
          requireApplied(all.getUpdateCount(), expected);
        }
      }
      return;
    }
    if (change) {
      try (PreparedStatement update = connection.prepareStatement(statements.get(0))) {
        bindBalanceChange(update, userId, expected, debit, reserve);
        requireApplied(update.executeUpdate(), expected);
      }
    }
    if (!holds.isEmpty()) {
      try (PreparedStatement insertHolds =
          connection.prepareStatement(statements.get(change ? 1 : 0))) {
        bindHolds(insertHolds, 1, holds);
        insertHolds.executeUpdate();
      }
    }
    if (!entries.isEmpty()) {
      try (PreparedStatement insertEntries =
          connection.prepareStatement(statements.get(statements.size() - 1))) {
        bindEntries(insertEntries, 1, entries);
        insertEntries.executeUpdate();
      }
    }
  }

  /**
   * The lock, then the lookup; on PostgreSQL both in one string, sent together. Only batches that
   * met a used key come here (see {@code ledger.internal.Batches}), so the lookup's plan is not on
   * the hot path: on a hot account's growing table PostgreSQL planned it as a scan of all the
   * account's entries, from statistics taken while it had a few.
   */
  private Optional<LockedAccount> lockThenLookUp(
      UserId userId, Collection<IdempotencyKey> keys, boolean together) throws SQLException {
    String lookUp =
        "SELECT "
            + LedgerDao.ENTRY_COLUMNS
            + " FROM usersdk_ledger_entries WHERE user_id = ? AND idem_key IN ("
            + String.join(", ", Collections.nCopies(keys.size(), "?"))
            + ")";
    if (!together) {
      Optional<StoredBalance> locked = lock(userId);
      if (locked.isEmpty()) {
        return Optional.empty();
      }
      StoredBalance balance = locked.get();
      try (PreparedStatement statement = connection.prepareStatement(lookUp)) {
        bindLookUp(statement, 1, userId, keys);
        try (ResultSet rs = statement.executeQuery()) {
          return Optional.of(new LockedAccount(balance, entries(rs, false)));
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(LOCK + "; " + lookUp)) {
      types.bindUuid(statement, 1, userId.value());
      bindLookUp(statement, 2, userId, keys);
      StoredBalance balance = null;
      Map<IdempotencyKey, LedgerEntry> found = Map.of();
      int resultSets = 0;
      boolean isResultSet = statement.execute();
      while (isResultSet || statement.getUpdateCount() != -1) {
        if (isResultSet) {
          try (ResultSet rs = statement.getResultSet()) {
            if (resultSets++ == 0) {
              balance = rs.next() ? balance(rs, "balance", "held") : null;
            } else {
              found = entries(rs, false);
            }
          }
        }
        isResultSet = statement.getMoreResults();
      }
      return balance == null ? Optional.empty() : Optional.of(new LockedAccount(balance, found));
    }
  }

  private void bindLookUp(
      PreparedStatement statement, int first, UserId userId, Collection<IdempotencyKey> keys)
      throws SQLException {
    types.bindUuid(statement, first, userId.value());
    int i = first + 1;
    for (IdempotencyKey key : keys) {
      statement.setString(i++, key.value());
    }
  }

  /** MySQL/MariaDB: the account row and the batch's taken keys in one locking read. */
  private Optional<LockedAccount> lockingJoin(UserId userId, Collection<IdempotencyKey> keys)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT a.balance AS account_balance, a.held AS account_held, "
                + JOINED_ENTRY_COLUMNS
                + " FROM usersdk_accounts a LEFT JOIN usersdk_ledger_entries e"
                + " ON e.user_id = a.user_id AND e.idem_key IN ("
                + String.join(", ", Collections.nCopies(keys.size(), "?"))
                + ") WHERE a.user_id = ? FOR UPDATE")) {
      int i = 1;
      for (IdempotencyKey key : keys) {
        statement.setString(i++, key.value());
      }
      types.bindUuid(statement, i, userId.value());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        StoredBalance balance = balance(rs, "account_balance", "account_held");
        return Optional.of(new LockedAccount(balance, entries(rs, true)));
      }
    }
  }

  /**
   * The entries of the rows from the current one ({@code onRow}) or the next one on, by key; a row
   * without one (the outer join found none) is skipped.
   */
  private Map<IdempotencyKey, LedgerEntry> entries(ResultSet rs, boolean onRow)
      throws SQLException {
    Map<IdempotencyKey, LedgerEntry> found = new HashMap<>();
    JdbcLedgerStore.EntryMapper mapper = new JdbcLedgerStore.EntryMapper(types);
    for (boolean more = onRow || rs.next(); more; more = rs.next()) {
      if (rs.getString("kind") != null) {
        LedgerEntry entry = mapper.map(rs, null);
        found.put(entry.key().orElseThrow(), entry);
      }
    }
    return found;
  }

  private static StoredBalance balance(ResultSet rs, String balance, String held)
      throws SQLException {
    return new StoredBalance(
        Credits.ofMicros(rs.getLong(balance)), Credits.ofMicros(rs.getLong(held)));
  }

  private int bindBalanceChange(
      PreparedStatement statement,
      UserId userId,
      @Nullable StoredBalance expected,
      Credits debit,
      Credits reserve)
      throws SQLException {
    statement.setLong(1, debit.micros());
    statement.setLong(2, reserve.micros());
    types.bindUuid(statement, 3, userId.value());
    if (expected == null) {
      statement.setLong(4, debit.plus(reserve).micros());
      return 5;
    }
    statement.setLong(4, expected.posted().micros());
    statement.setLong(5, expected.held().micros());
    return 6;
  }

  private int bindHolds(PreparedStatement statement, int first, List<Hold> holds)
      throws SQLException {
    int i = first;
    SqlTypes.InstantBinding created = types.forInsertedRows();
    SqlTypes.InstantBinding expires = types.forInsertedRows();
    for (Hold hold : holds) {
      types.bindUuid(statement, i++, hold.id().value());
      types.bindUuid(statement, i++, hold.userId().value());
      statement.setLong(i++, hold.amount().micros());
      statement.setString(i++, hold.key().value());
      statement.setString(i++, hold.status().name());
      statement.setLong(i++, hold.captured().micros());
      created.bind(statement, i++, hold.createdAt());
      expires.bind(statement, i++, hold.expiresAt());
      types.bindInstant(statement, i++, hold.resolvedAt().orElse(null));
    }
    return i;
  }

  private void bindEntries(PreparedStatement statement, int first, List<LedgerEntry> entries)
      throws SQLException {
    int next = first;
    SqlTypes.InstantBinding times = types.forInsertedRows();
    for (LedgerEntry entry : entries) {
      next = JdbcLedgerStore.bindEntry(types, statement, next, entry, true, times);
    }
  }

  private static void requireApplied(int rows, @Nullable StoredBalance expected) {
    if (rows == 1) {
      return;
    }
    if (expected != null) {
      throw new BalanceChangedException();
    }
    throw new IllegalStateException("a locked account could not be debited or reserved");
  }
}
