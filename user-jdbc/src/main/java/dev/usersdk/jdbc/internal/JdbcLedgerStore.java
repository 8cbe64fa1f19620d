package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link LedgerStore} on the {@code usersdk_accounts}, {@code _ledger_entries} and {@code _holds}
 * tables. Most statements go through the {@link LedgerDao}; the two of every deduction (the
 * conditional debit and the entry insert) run as plain JDBC on the transaction's connection,
 * because on a busy server Jdbi's per-statement set-up cost a measurable share of throughput (see
 * the README's performance section). Not API.
 */
final class JdbcLedgerStore implements LedgerStore {
  static final String INSERT_ENTRY =
      "INSERT INTO usersdk_ledger_entries ("
          + LedgerDao.ENTRY_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * MariaDB: the entry takes its balance from the account row this transaction just updated and
   * returns it, so a deduction is two statements, as on PostgreSQL (MySQL 8 has no RETURNING).
   */
  private static final String INSERT_ENTRY_FROM_ACCOUNT =
      "INSERT INTO usersdk_ledger_entries ("
          + LedgerDao.ENTRY_COLUMNS
          + ") SELECT ?, ?, ?, ?, balance, ?, ?, ?, ?, ?, ?, ? FROM usersdk_accounts "
          + "WHERE user_id = ? RETURNING balance_after";

  private final boolean insertReturning;
  private final java.util.function.Supplier<LedgerDao> daoSupplier;
  private LedgerDao dao;
  private final java.sql.Connection connection;
  private final SqlTypes types;
  private final TxGuard tx;
  private final BatchStatements batches;

  /** SQL around an UPDATE that makes it return the changed row; null where the dialect cannot. */
  private final String before;

  private final String after;

  /** The conditional debit returning the new balance; null where the dialect cannot. */
  private final String debitReturning;

  JdbcLedgerStore(
      java.util.function.Supplier<LedgerDao> dao,
      java.sql.Connection connection,
      SqlTypes types,
      TxGuard tx) {
    this.daoSupplier = dao;
    this.connection = connection;
    this.types = types;
    this.tx = tx;
    this.batches = new BatchStatements(connection, types);
    Dialect dialect = types.dialect();
    this.insertReturning = dialect == Dialect.MARIADB;
    // MySQL and MariaDB have no UPDATE ... RETURNING: null there.
    this.before =
        switch (dialect) {
          case POSTGRESQL -> "";
          case H2 -> "SELECT balance FROM FINAL TABLE (";
          case MYSQL, MARIADB -> null;
        };
    this.after =
        switch (dialect) {
          case POSTGRESQL -> "RETURNING balance";
          case H2 -> ")";
          case MYSQL, MARIADB -> null;
        };
    this.debitReturning = before == null ? null : before + " " + LedgerDao.DEBIT_JDBC + " " + after;
  }

  /** The SqlObject DAO, attached on first use: a plain deduction never needs it. */
  private LedgerDao dao() {
    if (dao == null) {
      dao = daoSupplier.get();
    }
    return dao;
  }

  @Override
  public void createAccount(UserId userId, Credits opening) {
    tx.checkUsable();
    dao().createAccount(userId.value(), opening.micros());
  }

  @Override
  public Optional<StoredBalance> account(UserId userId) {
    tx.checkUsable();
    return dao().account(userId.value());
  }

  @Override
  public Optional<StoredBalance> lockAccount(UserId userId) {
    tx.checkUsable();
    try {
      return batches.lock(userId);
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<Credits> debit(UserId userId, Credits amount) {
    tx.checkUsable();
    try {
      if (debitReturning != null) {
        try (PreparedStatement statement = connection.prepareStatement(debitReturning)) {
          bindDebit(statement, userId, amount);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(Credits.ofMicros(rs.getLong(1))) : Optional.empty();
          }
        }
      }
      if (!applyDebit(userId, amount)) {
        return Optional.empty();
      }
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT balance FROM usersdk_accounts WHERE user_id = ?")) {
        types.bindUuid(statement, 1, userId.value());
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          return Optional.of(Credits.ofMicros(rs.getLong(1)));
        }
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<LedgerEntry> debitAndRecord(
      UserId userId, Credits amount, Supplier<LedgerEntry> draft) {
    if (!insertReturning) {
      return LedgerStore.super.debitAndRecord(userId, amount, draft);
    }
    tx.checkUsable();
    try {
      if (!applyDebit(userId, amount)) {
        return Optional.empty();
      }
      LedgerEntry entry = draft.get(); // numbered now, under the row lock the debit took
      try (PreparedStatement statement = connection.prepareStatement(INSERT_ENTRY_FROM_ACCOUNT)) {
        int next = bindEntry(types, statement, 1, entry, false);
        types.bindUuid(statement, next, entry.userId().value());
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          return Optional.of(entry.withBalanceAfter(Credits.ofMicros(rs.getLong(1))));
        }
      }
    } catch (SQLException e) {
      throw entryFailure(e);
    }
  }

  /** The conditional debit without RETURNING: whether it was applied. */
  private boolean applyDebit(UserId userId, Credits amount) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LedgerDao.DEBIT_JDBC)) {
      bindDebit(statement, userId, amount);
      return statement.executeUpdate() == 1;
    }
  }

  private void bindDebit(PreparedStatement statement, UserId userId, Credits amount)
      throws SQLException {
    statement.setLong(1, amount.micros());
    types.bindUuid(statement, 2, userId.value());
    statement.setLong(3, amount.micros());
  }

  /**
   * Binds an entry's columns in {@link LedgerDao#ENTRY_COLUMNS} order from position {@code first},
   * leaving out {@code balance_after} when the statement takes it from the account row.
   *
   * @return the next free parameter position
   */
  static int bindEntry(
      SqlTypes types,
      PreparedStatement statement,
      int first,
      LedgerEntry entry,
      boolean withBalanceAfter)
      throws SQLException {
    return bindEntry(types, statement, first, entry, withBalanceAfter, types::bindInstant);
  }

  /** {@link #bindEntry}, binding the entry's time with {@code times}. */
  static int bindEntry(
      SqlTypes types,
      PreparedStatement statement,
      int first,
      LedgerEntry entry,
      boolean withBalanceAfter,
      SqlTypes.InstantBinding times)
      throws SQLException {
    int i = first;
    types.bindUuid(statement, i++, entry.id().value());
    types.bindUuid(statement, i++, entry.userId().value());
    statement.setString(i++, entry.kind().name());
    statement.setLong(i++, entry.amount().micros());
    if (withBalanceAfter) {
      statement.setLong(i++, entry.balanceAfter().micros());
    }
    statement.setLong(i++, entry.requested().micros());
    statement.setString(i++, entry.key().map(IdempotencyKey::value).orElse(null));
    statement.setString(i++, entry.memo().orElse(null));
    types.bindUuid(statement, i++, entry.relatedEntry().map(EntryId::value).orElse(null));
    types.bindUuid(statement, i++, entry.hold().map(HoldId::value).orElse(null));
    types.bindUuid(statement, i++, entry.actor().map(UserId::value).orElse(null));
    times.bind(statement, i++, entry.createdAt());
    return i;
  }

  /**
   * A taken idempotency key is the ledger's signal to replay; anything else goes to the boundary.
   */
  static RuntimeException entryFailure(SQLException e) {
    return SqlErrors.isUniqueViolationOf(e, "usersdk_ledger_entries_key_uq")
        ? new DuplicateIdempotencyKeyException()
        : new SqlFailure(e);
  }

  @Override
  public Optional<Credits> creditAccount(UserId userId, Credits amount) {
    tx.checkUsable();
    UUID user = userId.value();
    return changed(
        user,
        () -> dao().creditReturning(before, after, user, amount.micros()),
        () -> dao().credit(user, amount.micros()));
  }

  @Override
  public boolean reserve(UserId userId, Credits amount) {
    tx.checkUsable();
    return dao().reserve(userId.value(), amount.micros()) == 1;
  }

  @Override
  public Credits settle(UserId userId, Credits reserved, Credits captured) {
    tx.checkUsable();
    UUID user = userId.value();
    return changed(
            user,
            () -> dao().settleReturning(before, after, user, reserved.micros(), captured.micros()),
            () -> dao().settle(user, reserved.micros(), captured.micros()))
        .orElseThrow(() -> new IllegalStateException("no account " + userId + " to settle"));
  }

  /**
   * Runs a balance change and reports the new balance, in one statement where the dialect allows.
   */
  private Optional<Credits> changed(
      UUID user,
      java.util.function.Supplier<Optional<Long>> returning,
      java.util.function.IntSupplier plain) {
    if (before != null) {
      return returning.get().map(Credits::ofMicros);
    }
    return plain.getAsInt() == 1 ? dao().balanceOf(user).map(Credits::ofMicros) : Optional.empty();
  }

  @Override
  public void insertEntry(LedgerEntry entry) {
    tx.checkUsable();
    try (PreparedStatement statement = connection.prepareStatement(INSERT_ENTRY)) {
      bindEntry(types, statement, 1, entry, true);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw entryFailure(e);
    }
  }

  @Override
  public Optional<LedgerEntry> entry(EntryId id) {
    tx.checkUsable();
    return dao().entry(id.value());
  }

  @Override
  public Optional<LockedAccount> lockAccountWithKeys(
      UserId userId, Collection<IdempotencyKey> keys) {
    tx.checkUsable();
    try {
      return batches.lockWithKeys(userId, keys);
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void writeBatch(
      UserId userId, Credits debit, Credits reserve, List<Hold> holds, List<LedgerEntry> entries) {
    tx.checkUsable();
    try {
      batches.write(userId, null, debit, reserve, holds, entries);
    } catch (SQLException e) {
      throw entryFailure(e);
    }
  }

  @Override
  public void writeBatchIfUnchanged(
      UserId userId,
      StoredBalance expected,
      Credits debit,
      Credits reserve,
      List<Hold> holds,
      List<LedgerEntry> entries) {
    tx.checkUsable();
    try {
      batches.write(userId, expected, debit, reserve, holds, entries);
    } catch (SQLException e) {
      throw entryFailure(e);
    }
  }

  @Override
  public Optional<LedgerEntry> entryByKey(UserId userId, IdempotencyKey key) {
    tx.checkUsable();
    return dao().entryByKey(userId.value(), key.value());
  }

  @Override
  public Credits refundedAgainst(EntryId chargeEntry) {
    tx.checkUsable();
    return Credits.ofMicros(dao().refundedAgainst(chargeEntry.value()));
  }

  @Override
  public List<LedgerEntry> history(UserId userId, Optional<EntryId> before, int limit) {
    tx.checkUsable();
    return dao()
        .history(
            userId.value(),
            before.isPresent() ? "AND id < :beforeId" : "",
            before.map(EntryId::value).orElse(null),
            limit);
  }

  @Override
  public EntryTotals totals(UserId userId) {
    tx.checkUsable();
    return dao().totals(userId.value());
  }

  @Override
  public List<UserId> accounts(Optional<UserId> after, int limit) {
    tx.checkUsable();
    return dao()
        .accounts(
            after.isPresent() ? "WHERE user_id > :afterId" : "",
            after.map(UserId::value).orElse(null),
            limit)
        .stream()
        .map(UserId::new)
        .collect(Collectors.toList());
  }

  @Override
  public void insertHold(Hold hold) {
    tx.checkUsable();
    dao().insertHold(HoldRow.of(hold));
  }

  @Override
  public Optional<Hold> hold(HoldId id) {
    tx.checkUsable();
    return dao().hold(id.value());
  }

  @Override
  public boolean resolveHold(HoldId id, HoldStatus status, Credits captured, Instant at) {
    tx.checkUsable();
    return dao().resolveHold(id.value(), status.name(), captured.micros(), at) == 1;
  }

  @Override
  public List<Hold> expiredHolds(Optional<UserId> userId, Instant now, int limit) {
    tx.checkUsable();
    return dao()
        .expiredHolds(
            userId.isPresent() ? "AND user_id = :userId" : "",
            userId.map(UserId::value).orElse(null),
            now,
            limit);
  }

  // ----- row mappers ----------------------------------------------------------------------------

  static RowMapper<StoredBalance> balanceMapper() {
    return (rs, ctx) ->
        new StoredBalance(
            Credits.ofMicros(rs.getLong("balance")), Credits.ofMicros(rs.getLong("held")));
  }

  static RowMapper<EntryTotals> totalsMapper() {
    return (rs, ctx) ->
        new EntryTotals(Credits.ofMicros(rs.getLong("total")), rs.getLong("entries"));
  }

  static final class EntryMapper implements RowMapper<LedgerEntry> {
    private final SqlTypes types;

    EntryMapper(SqlTypes types) {
      this.types = types;
    }

    @Override
    public LedgerEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      String key = rs.getString("idem_key");
      return new LedgerEntry(
          new EntryId(types.readUuid(rs, "id")),
          new UserId(types.readUuid(rs, "user_id")),
          EntryKind.valueOf(rs.getString("kind")),
          Credits.ofMicros(rs.getLong("amount")),
          Credits.ofMicros(rs.getLong("balance_after")),
          Credits.ofMicros(rs.getLong("requested")),
          Optional.ofNullable(key).map(IdempotencyKey::of),
          Optional.ofNullable(rs.getString("memo")),
          optional(types.readUuid(rs, "related_entry_id"), EntryId::new),
          optional(types.readUuid(rs, "hold_id"), HoldId::new),
          optional(types.readUuid(rs, "actor_id"), UserId::new),
          types.readInstant(rs, "created_at"));
    }
  }

  static final class HoldMapper implements RowMapper<Hold> {
    private final SqlTypes types;

    HoldMapper(SqlTypes types) {
      this.types = types;
    }

    @Override
    public Hold map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Hold(
          new HoldId(types.readUuid(rs, "id")),
          new UserId(types.readUuid(rs, "user_id")),
          Credits.ofMicros(rs.getLong("amount")),
          IdempotencyKey.of(rs.getString("idem_key")),
          HoldStatus.valueOf(rs.getString("status")),
          Credits.ofMicros(rs.getLong("captured")),
          types.readInstant(rs, "created_at"),
          types.readInstant(rs, "expires_at"),
          Optional.ofNullable(types.readInstant(rs, "resolved_at")));
    }
  }

  private static <T> Optional<T> optional(UUID value, Function<UUID, T> wrap) {
    return value == null ? Optional.empty() : Optional.of(wrap.apply(value));
  }
}
