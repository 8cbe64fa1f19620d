package dev.usersdk.observe;

/** The API calls an {@link Observer} is told about, each with the meter name it is known by. */
public enum Operation {
  /** {@code auth().login}, {@code signIn}: the password step. */
  LOGIN("usersdk.auth.login"),
  /** {@code auth().authenticate}: a bearer token to a principal. */
  AUTHENTICATE("usersdk.auth.authenticate"),
  /** {@code auth().refresh}. */
  REFRESH("usersdk.auth.refresh"),
  /** {@code auth().register}: a registration code sent (or its silent equivalent). */
  REGISTRATION_REQUEST("usersdk.auth.registration.requests"),
  /** {@code auth().confirmRegistration}. */
  REGISTRATION_CONFIRM("usersdk.auth.registration.confirmations"),
  /** {@code auth().requestPasswordReset}. */
  PASSWORD_RESET_REQUEST("usersdk.auth.password_reset.requests"),
  /** {@code auth().resetPassword}. */
  PASSWORD_RESET("usersdk.auth.password_resets"),
  /** {@code ledger().deduct}. */
  DEDUCT("usersdk.ledger.deduct"),
  /** {@code ledger().hold}. */
  HOLD("usersdk.ledger.hold"),
  /** {@code ledger().capture}. */
  CAPTURE("usersdk.ledger.capture"),
  /** {@code ledger().release}. */
  RELEASE("usersdk.ledger.release"),
  /** {@code ledger().credit}. */
  CREDIT("usersdk.ledger.credit"),
  /** {@code ledger().refund}. */
  REFUND("usersdk.ledger.refund"),
  /** {@code ledger().adjust}. */
  ADJUST("usersdk.ledger.adjust");

  private final String meterName;

  Operation(String meterName) {
    this.meterName = meterName;
  }

  /** The name metrics publish it under (a timer tagged with the outcome). */
  public String meterName() {
    return meterName;
  }
}
