package dev.usersdk.jdbc.internal;

import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.LedgerStore.EntryTotals;
import dev.usersdk.spi.LedgerStore.StoredBalance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * SQL for accounts, entries and holds. Balance changes that report the new balance come in two
 * forms: with {@code <before>}/{@code <after>} wrapped around the UPDATE so that it returns the row
 * (PostgreSQL {@code RETURNING}, H2 {@code FINAL TABLE}), and plain for MySQL/MariaDB, which read
 * the balance back in the same transaction. Not API.
 */
public interface LedgerDao {
  String ENTRY_COLUMNS =
      "id, user_id, kind, amount, balance_after, requested, idem_key, memo, related_entry_id, "
          + "hold_id, actor_id, created_at";
  String HOLD_COLUMNS =
      "id, user_id, amount, idem_key, status, captured, created_at, expires_at, resolved_at";

  @SqlUpdate("INSERT INTO usersdk_accounts (user_id, balance, held) VALUES (:user, :opening, 0)")
  void createAccount(@Bind("user") UUID user, @Bind("opening") long opening);

  @SqlQuery("SELECT balance, held FROM usersdk_accounts WHERE user_id = :user")
  Optional<StoredBalance> account(@Bind("user") UUID user);

  @SqlQuery("SELECT balance FROM usersdk_accounts WHERE user_id = :user")
  Optional<Long> balanceOf(@Bind("user") UUID user);

  String CREDIT = "UPDATE usersdk_accounts SET balance = balance + :amount WHERE user_id = :user";

  /**
   * The conditional debit with positional parameters (amount, user, amount), for the plain-JDBC hot
   * path: the check and the change are one statement on one row.
   */
  String DEBIT_JDBC =
      "UPDATE usersdk_accounts SET balance = balance - ? WHERE user_id = ? AND balance - held >= ?";

  String SETTLE =
      "UPDATE usersdk_accounts SET balance = balance - :captured, held = held - :reserved WHERE user_id = :user";

  @SqlQuery("<before> " + CREDIT + " <after>")
  Optional<Long> creditReturning(
      @Define("before") String before,
      @Define("after") String after,
      @Bind("user") UUID user,
      @Bind("amount") long amount);

  @SqlUpdate(CREDIT)
  int credit(@Bind("user") UUID user, @Bind("amount") long amount);

  @SqlQuery("<before> " + SETTLE + " <after>")
  Optional<Long> settleReturning(
      @Define("before") String before,
      @Define("after") String after,
      @Bind("user") UUID user,
      @Bind("reserved") long reserved,
      @Bind("captured") long captured);

  @SqlUpdate(SETTLE)
  int settle(
      @Bind("user") UUID user, @Bind("reserved") long reserved, @Bind("captured") long captured);

  @SqlUpdate(
      "UPDATE usersdk_accounts SET held = held + :amount WHERE user_id = :user AND balance - held >= :amount")
  int reserve(@Bind("user") UUID user, @Bind("amount") long amount);

  @SqlQuery("SELECT " + ENTRY_COLUMNS + " FROM usersdk_ledger_entries WHERE id = :id")
  Optional<LedgerEntry> entry(@Bind("id") UUID id);

  @SqlQuery(
      "SELECT "
          + ENTRY_COLUMNS
          + " FROM usersdk_ledger_entries WHERE user_id = :user AND idem_key = :key")
  Optional<LedgerEntry> entryByKey(@Bind("user") UUID user, @Bind("key") String key);

  @SqlQuery(
      "SELECT COALESCE(SUM(amount), 0) FROM usersdk_ledger_entries WHERE related_entry_id = :id AND kind = 'REFUND'")
  long refundedAgainst(@Bind("id") UUID id);

  @SqlQuery(
      "SELECT "
          + ENTRY_COLUMNS
          + " FROM usersdk_ledger_entries WHERE user_id = :user <before> ORDER BY id DESC LIMIT :limit")
  List<LedgerEntry> history(
      @Bind("user") UUID user,
      @Define("before") String beforeClause,
      @Bind("beforeId") UUID before,
      @Bind("limit") int limit);

  @SqlQuery(
      "SELECT COALESCE(SUM(amount), 0) AS total, COUNT(*) AS entries FROM usersdk_ledger_entries WHERE user_id = :user")
  EntryTotals totals(@Bind("user") UUID user);

  @SqlQuery("SELECT user_id FROM usersdk_accounts <after> ORDER BY user_id LIMIT :limit")
  List<UUID> accounts(
      @Define("after") String afterClause, @Bind("afterId") UUID after, @Bind("limit") int limit);

  @SqlUpdate(
      "INSERT INTO usersdk_holds ("
          + HOLD_COLUMNS
          + ") VALUES (:id, :userId, :amount, :key, :status, "
          + ":captured, :createdAt, :expiresAt, :resolvedAt)")
  void insertHold(@BindMethods HoldRow row);

  @SqlQuery("SELECT " + HOLD_COLUMNS + " FROM usersdk_holds WHERE id = :id")
  Optional<Hold> hold(@Bind("id") UUID id);

  @SqlUpdate(
      "UPDATE usersdk_holds SET status = :status, captured = :captured, resolved_at = :at "
          + "WHERE id = :id AND status = 'ACTIVE'")
  int resolveHold(
      @Bind("id") UUID id,
      @Bind("status") String status,
      @Bind("captured") long captured,
      @Bind("at") Instant at);

  @SqlQuery(
      "SELECT "
          + HOLD_COLUMNS
          + " FROM usersdk_holds WHERE status = 'ACTIVE' AND expires_at <= :now <user> "
          + "ORDER BY expires_at LIMIT :limit")
  List<Hold> expiredHolds(
      @Define("user") String userClause,
      @Bind("userId") UUID user,
      @Bind("now") Instant now,
      @Bind("limit") int limit);
}
