package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;

/**
 * Stores that keep everything in memory, for tests. They behave like the JDBC stores and pass the
 * same contract suites: unique canonical emails, optimistic version checks, atomic transactions
 * that roll back on an exception, and no torn reads under concurrency (transactions are
 * serialised). Nothing survives the JVM.
 */
public final class InMemoryStores {
  private InMemoryStores() {}

  /** Fresh, empty stores. */
  public static Stores create() {
    return new MemoryStores();
  }
}
