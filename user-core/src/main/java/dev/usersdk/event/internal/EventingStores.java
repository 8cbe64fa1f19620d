package dev.usersdk.event.internal;

import dev.usersdk.spi.AuditStore;
import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.EmailCodeStore;
import dev.usersdk.spi.EventStore;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.RoleStore;
import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TransactionWork;
import dev.usersdk.spi.UserStore;

/**
 * The host's stores with an outbox on every write: each transaction's user and ledger writes record
 * their event in the same transaction, so a change that rolls back emits nothing and one that
 * commits emits exactly one event. Used only when something subscribes to events.
 */
public final class EventingStores implements Stores {
  private final Stores delegate;
  private final Outbox outbox;

  public EventingStores(Stores delegate, Outbox outbox) {
    this.delegate = delegate;
    this.outbox = outbox;
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    return delegate.inTransaction(tx -> work.execute(new Transaction(tx)));
  }

  @Override
  public <T> T read(TransactionWork<T> work) {
    return delegate.read(work); // reads write nothing, so they need no outbox
  }

  @Override
  public boolean inTransactionOnThisThread() {
    return delegate.inTransactionOnThisThread();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** One transaction of the host's stores, its writes observed. */
  private final class Transaction implements StoreTransaction {
    private final StoreTransaction tx;
    private UserStore users;
    private LedgerStore ledger;
    private SecondFactorStore secondFactors;

    Transaction(StoreTransaction tx) {
      this.tx = tx;
    }

    @Override
    public UserStore users() {
      if (users == null) {
        users = new EventingUserStore(tx.users(), tx, outbox);
      }
      return users;
    }

    @Override
    public LedgerStore ledger() {
      if (ledger == null) {
        ledger = new EventingLedgerStore(tx.ledger(), tx, outbox);
      }
      return ledger;
    }

    @Override
    public AuthStore auth() {
      return tx.auth();
    }

    @Override
    public SecondFactorStore secondFactors() {
      if (secondFactors == null) {
        secondFactors = new EventingSecondFactorStore(tx.secondFactors(), tx, outbox);
      }
      return secondFactors;
    }

    @Override
    public EmailCodeStore emailCodes() {
      return tx.emailCodes();
    }

    @Override
    public AuditStore audit() {
      return tx.audit();
    }

    @Override
    public RoleStore roles() {
      return tx.roles();
    }

    @Override
    public EventStore events() {
      return tx.events();
    }
  }
}
