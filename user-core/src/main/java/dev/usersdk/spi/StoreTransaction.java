package dev.usersdk.spi;

/** The stores as seen from inside one transaction. Valid only while its work runs. */
public interface StoreTransaction {
  UserStore users();

  LedgerStore ledger();

  AuthStore auth();
}
