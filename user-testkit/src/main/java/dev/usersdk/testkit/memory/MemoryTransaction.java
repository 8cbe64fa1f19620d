package dev.usersdk.testkit.memory;

import dev.usersdk.spi.AuditStore;
import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.EmailCodeStore;
import dev.usersdk.spi.EventStore;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.RoleStore;
import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.UserStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** One transaction: the thread that owns it, and how to undo what it wrote. */
final class MemoryTransaction implements StoreTransaction {
  private final Thread owner = Thread.currentThread();
  private final Deque<Runnable> undo = new ArrayDeque<>();
  private final MemoryUserStore users;
  private final MemoryLedgerStore ledger;
  private final MemoryAuthStore auth;
  private final MemoryEventStore events;
  private final MemorySecondFactorStore secondFactors;
  private final MemoryEmailCodeStore emailCodes;
  private final MemoryAuditStore audit;
  private final MemoryRoleStore roles;
  private boolean open = true;

  MemoryTransaction(MemoryStores stores) {
    this.ledger = new MemoryLedgerStore(stores.ledger, this);
    this.auth = new MemoryAuthStore(stores.auth, stores.users, this);
    this.users = new MemoryUserStore(stores.users, ledger, auth, this);
    this.events = new MemoryEventStore(stores.events, this);
    this.secondFactors = new MemorySecondFactorStore(stores.auth, stores.users, this);
    this.emailCodes = new MemoryEmailCodeStore(stores.auth, stores.users, this);
    this.audit = new MemoryAuditStore(stores.audit, this);
    this.roles = new MemoryRoleStore(stores.users, this);
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
  public SecondFactorStore secondFactors() {
    checkUsable();
    return secondFactors;
  }

  @Override
  public EmailCodeStore emailCodes() {
    checkUsable();
    return emailCodes;
  }

  @Override
  public AuditStore audit() {
    checkUsable();
    return audit;
  }

  @Override
  public RoleStore roles() {
    checkUsable();
    return roles;
  }

  @Override
  public EventStore events() {
    checkUsable();
    return events;
  }

  /** Puts {@code value} under {@code key}, undone on rollback. */
  <K, V> void put(Map<K, V> map, K key, V value) {
    V previous = map.put(key, value);
    onRollback(
        () -> {
          if (previous == null) {
            map.remove(key);
          } else {
            map.put(key, previous);
          }
        });
  }

  /** Removes {@code key}, undone on rollback; returns what was there. */
  <K, V> V remove(Map<K, V> map, K key) {
    V previous = map.remove(key);
    if (previous != null) {
      onRollback(() -> map.put(key, previous));
    }
    return previous;
  }

  /** Removes every entry that meets {@code condition}, undone on rollback; returns how many. */
  <K, V> int removeIf(Map<K, V> map, BiPredicate<K, V> condition) {
    List<K> doomed = new ArrayList<>();
    map.forEach(
        (key, value) -> {
          if (condition.test(key, value)) {
            doomed.add(key);
          }
        });
    doomed.forEach(key -> remove(map, key));
    return doomed.size();
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
