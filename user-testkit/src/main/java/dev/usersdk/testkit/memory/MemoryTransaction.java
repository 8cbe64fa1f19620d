package dev.usersdk.testkit.memory;

import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.EventStore;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.UserStore;
import java.util.ArrayDeque;
import java.util.Deque;

/** One transaction: the thread that owns it, and how to undo what it wrote. */
final class MemoryTransaction implements StoreTransaction {
  private final Thread owner = Thread.currentThread();
  private final Deque<Runnable> undo = new ArrayDeque<>();
  private final MemoryUserStore users;
  private final MemoryLedgerStore ledger;
  private final MemoryAuthStore auth;
  private final MemoryEventStore events;
  private boolean open = true;

  MemoryTransaction(MemoryStores stores) {
    this.ledger = new MemoryLedgerStore(stores.ledger, this);
    this.auth = new MemoryAuthStore(stores.auth, stores.users, this);
    this.users = new MemoryUserStore(stores.users, ledger, auth, this);
    this.events = new MemoryEventStore(stores.events, this);
  }

  @Override
  public UserStore users() {
    checkUsable();
    return users;
  }

  @Override
  public LedgerStore ledger() {
    checkUsable();
    return ledger;
  }

  @Override
  public AuthStore auth() {
    checkUsable();
    return auth;
  }

  @Override
  public EventStore events() {
    checkUsable();
    return events;
  }

  /** Records how to reverse a write that just happened. */
  void onRollback(Runnable action) {
    undo.push(action);
  }

  /**
   * Refuses use after the transaction ended, or from another thread (which would bypass the lock).
   */
  void checkUsable() {
    if (!open) {
      throw new IllegalStateException(
          "the transaction has ended; use the stores only inside inTransaction");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a transaction may only be used by the thread that runs it");
    }
  }

  void commit() {
    undo.clear();
  }

  void rollback() {
    while (!undo.isEmpty()) {
      undo.pop().run();
    }
  }

  void close() {
    open = false;
  }
}
