package dev.usersdk.jdbc.internal;

import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.UserStore;
import org.jdbi.v3.core.Handle;

/** One database transaction as the SPI sees it. Valid only on its thread, until its work returns. Not API. */
public final class JdbcTransaction implements StoreTransaction {
  private final Thread owner = Thread.currentThread();
  private final Handle handle;
  private UserStore users;
  private boolean open = true;

  public JdbcTransaction(Handle handle) {
    this.handle = handle;
  }

  @Override
  public UserStore users() {
    checkUsable();
    if (users == null) {
      users = new JdbcUserStore(handle.attach(UserDao.class), this);
    }
    return users;
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
