package dev.usersdk.spi;

/** The stores as seen from inside one transaction. Valid only while its work runs. */
public interface StoreTransaction {
  UserStore users();

  LedgerStore ledger();

  AuthStore auth();

  /** Second factors: TOTP keys, recovery codes, sign-in challenges. */
  SecondFactorStore secondFactors();

  /** Codes and links sent by email: verification, email change, sign-in without a password. */
  EmailCodeStore emailCodes();

  /** The audit trail of privileged acts: appended to in the act's own transaction. */
  AuditStore audit();

  /** The roles granted to users. */
  RoleStore roles();

  /**
   * The outbox. Stores that keep no events need not implement it; usersdk asks for it only when
   * events are on (a subscription exists).
   */
  default EventStore events() {
    throw new UnsupportedOperationException("these stores keep no events");
  }
}
