package dev.usersdk.jdbc.internal;

import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import org.jdbi.v3.core.Jdbi;

/** Registers how each store's rows become values; the stores own their mappers, this wires them. */
final class RowMappers {
  private RowMappers() {}

  static void register(Jdbi jdbi, SqlTypes types) {
    types.register(jdbi);
    jdbi.registerRowMapper(User.class, new JdbcUserStore.Mapper(types));
    jdbi.registerRowMapper(
        UserChange.class,
        (rs, ctx) ->
            UserChange.deletion(
                UserId.of(types.readUuid(rs, "user_id")),
                rs.getLong("version"),
                types.readInstant(rs, "deleted_at")));
    jdbi.registerRowMapper(LedgerEntry.class, new JdbcLedgerStore.EntryMapper(types));
    jdbi.registerRowMapper(Hold.class, new JdbcLedgerStore.HoldMapper(types));
    jdbi.registerRowMapper(LedgerStore.StoredBalance.class, JdbcLedgerStore.balanceMapper());
    jdbi.registerRowMapper(LedgerStore.EntryTotals.class, JdbcLedgerStore.totalsMapper());
    JdbcAuthStore.registerMappers(jdbi, types);
  }
}
