package dev.usersdk.jdbc.internal;

/**
 * What a store asks of the transaction it works in: to still be open, and on this thread. Lets the
 * stores be handed their transaction without knowing how it is run.
 */
@FunctionalInterface
interface TxGuard {
  /**
   * Refuses use of an ended or foreign transaction.
   *
   * @throws IllegalStateException if the transaction has ended or belongs to another thread
   */
  void checkUsable();
}
