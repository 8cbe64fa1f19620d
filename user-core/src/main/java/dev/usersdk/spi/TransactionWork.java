package dev.usersdk.spi;

/** Work to run inside {@link Stores#inTransaction}. */
@FunctionalInterface
public interface TransactionWork<T> {
  T execute(StoreTransaction tx);
}
