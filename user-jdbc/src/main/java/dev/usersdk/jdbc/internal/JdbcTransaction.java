package dev.usersdk.jdbc.internal;

import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.UserStore;
import org.jdbi.v3.core.Handle;

/** One database transaction as the SPI sees it. Valid only on its thread, until its work returns. Not API. */
public final class JdbcTransaction implements StoreTransaction {
  private final Thread owner = Thread.currentThread();
  private final Handle handle;
  private final SqlTypes types;
  private UserStore users;
  private LedgerStore ledger;
  private AuthStore auth;
  private boolean open = true;

  public JdbcTransaction(Handle handle, SqlTypes types) {
    this.handle = handle;
    this.types = types;
  }

  @Override
  public UserStore users() {
    checkUsable();
    if (users == null) {
      users = new JdbcUserStore(handle.attach(UserDao.class), this);
    }
    return users;
  }

  @Override
  public LedgerStore ledger() {
    checkUsable();
    if (ledger == null) {
      ledger = new JdbcLedgerStore(() -> handle.attach(LedgerDao.class), handle.getConnection(), types, this);
    }
    return ledger;
  }

  @Override
  public AuthStore auth() {
    checkUsable();
    if (auth == null) {
      auth = new JdbcAuthStore(handle.attach(AuthDao.class), handle, types, this);
    }
    return auth;
  }

  void checkUsable() {
    if (!open) {
      throw new IllegalStateException("the transaction has ended; use the stores only inside inTransaction");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a transaction may only be used by the thread that runs it");
    }
  }

  public void close() {
    open = false;
  }
}
