package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TransactionWork;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock serialises all transactions: the simplest way to be exactly as strict as a serializable
 * database, and fast enough for tests. Rollback replays an undo log.
 */
final class MemoryStores implements Stores {
  private final ReentrantLock lock = new ReentrantLock();

  // Per store, not static: two in-memory stores on one thread must not see each other's
  // transaction.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<MemoryTransaction> current = new ThreadLocal<>();

  final UserTable users = new UserTable();
  final LedgerTables ledger = new LedgerTables();
  final AuthTables auth = new AuthTables();
  final EventTables events = new EventTables();
  final MemoryAuditStore.AuditTable audit = new MemoryAuditStore.AuditTable();

  @Override
  public boolean inTransactionOnThisThread() {
    return current.get() != null;
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    MemoryTransaction outer = current.get();
    if (outer != null) {
      return work.execute(outer);
    }
    lock.lock();
    MemoryTransaction tx = new MemoryTransaction(this);
    current.set(tx);
    try {
      T result = work.execute(tx);
      tx.commit();
      return result;
    } catch (RuntimeException | Error e) {
      tx.rollback();
      throw e;
    } finally {
      tx.close();
      current.remove();
      lock.unlock();
    }
  }
}
