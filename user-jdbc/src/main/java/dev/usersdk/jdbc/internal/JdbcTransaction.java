package dev.usersdk.jdbc.internal;

import dev.usersdk.spi.AuditStore;
import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.EmailCodeStore;
import dev.usersdk.spi.EventStore;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.RoleStore;
import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.UserStore;
import java.sql.Connection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One database transaction as the SPI sees it: a connection the stores began a transaction on, and
 * a Jdbi handle on it opened on first need. Valid only on its thread, until its work returns.
 */
final class JdbcTransaction implements StoreTransaction, TxGuard {
  private final Thread owner = Thread.currentThread();
  private final Connection connection;
  private final Jdbi jdbi;
  private final SqlTypes types;
  private Handle handle;
  private UserStore users;
  private LedgerStore ledger;
  private AuthStore auth;
  private EventStore events;
  private SecondFactorStore secondFactors;
  private EmailCodeStore emailCodes;
  private AuditStore audit;
  private RoleStore roles;
  private boolean open = true;

  /**
   * {@code jdbi} must open its handles on {@link #connection()} of the transaction on this thread.
   */
  JdbcTransaction(Connection connection, Jdbi jdbi, SqlTypes types) {
    this.connection = connection;
    this.jdbi = jdbi;
    this.types = types;
  }

  Connection connection() {
    return connection;
  }

  @Override
  public UserStore users() {
    checkUsable();
    if (users == null) {
      users = new JdbcUserStore(handle().attach(UserDao.class), this, types.dialect());
    }
    return users;
  }

  @Override
  public LedgerStore ledger() {
    checkUsable();
    if (ledger == null) {
      // The deduction runs plain JDBC on the connection; the DAO (and so the handle) only when
      // needed.
      ledger = new JdbcLedgerStore(() -> handle().attach(LedgerDao.class), connection, types, this);
    }
    return ledger;
  }

  @Override
  public AuthStore auth() {
    checkUsable();
    if (auth == null) {
      auth = new JdbcAuthStore(handle().attach(AuthDao.class), handle(), types, this);
    }
    return auth;
  }

  @Override
  public SecondFactorStore secondFactors() {
    checkUsable();
    if (secondFactors == null) {
      secondFactors = new JdbcSecondFactorStore(handle(), types, this);
    }
    return secondFactors;
  }

  @Override
  public EmailCodeStore emailCodes() {
    checkUsable();
    if (emailCodes == null) {
      emailCodes = new JdbcEmailCodeStore(handle(), types, this);
    }
    return emailCodes;
  }

  @Override
  public AuditStore audit() {
    checkUsable();
    if (audit == null) {
      audit = new JdbcAuditStore(handle(), types, this);
    }
    return audit;
  }

  @Override
  public RoleStore roles() {
    checkUsable();
    if (roles == null) {
      roles = new JdbcRoleStore(handle(), types.dialect(), this);
    }
    return roles;
  }

  @Override
  public EventStore events() {
    checkUsable();
    if (events == null) {
      events = new JdbcEventStore(connection, types, this);
    }
    return events;
  }

  private Handle handle() {
    if (handle == null) {
      handle = jdbi.open();
    }
    return handle;
  }

  @Override
  public void checkUsable() {
    if (!open) {
      throw new IllegalStateException(
          "the transaction has ended; use the stores only inside inTransaction");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a transaction may only be used by the thread that runs it");
    }
  }

  /**
   * Ends this view of the transaction; the handle's statements are closed, the connection is not.
   */
  void close() {
    open = false;
    if (handle != null) {
      handle.close();
    }
  }
}
