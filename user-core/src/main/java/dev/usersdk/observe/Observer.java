package dev.usersdk.observe;

import java.time.Duration;

/**
 * What usersdk tells a metrics system, e.g. {@code user-micrometer}'s {@code UserSdkMetrics}: give
 * one to {@link dev.usersdk.UserClient.Builder#observer}. Every method has a no-op default, and
 * {@link #none()} (the client's default) implements none, so the calls on the hot paths cost a
 * clock read and an empty call when nothing observes.
 *
 * <p>Called after the fact (after the commit, for what a transaction decides) on the thread that
 * made the call (the relay's, for deliveries; for a store's retry, the thread running the
 * transaction, which may be leading a batch of other callers' coalesced ledger calls): an
 * implementation must be quick and must not call back into the client. What it throws is logged and
 * ignored, never passed to the caller. Nothing passed here identifies a user: no user id, no email,
 * no token.
 */
public interface Observer {
  /** Observes nothing: the client's default. */
  static Observer none() {
    return NoObserver.INSTANCE;
  }

  /**
   * A call of the API finished.
   *
   * @param operation which
   * @param outcome {@code "ok"}; {@code "replayed"} for a keyed ledger call answered from its key;
   *     {@code "second_factor_required"} for a sign-in that needs its second step; otherwise the
   *     stable {@link dev.usersdk.UserSdkException#code()} it failed with, or {@code "error"}
   * @param nanos how long it took
   */
  default void finished(Operation operation, String outcome, long nanos) {}

  /** An account was locked after too many failed logins. */
  default void lockedOut() {}

  /**
   * A store ran a transaction again after it conflicted with another.
   *
   * @param cause {@code "deadlock"} (Galera's certification failures included), {@code
   *     "serialization"} or {@code "lock_wait"}
   */
  default void storeRetried(String cause) {}

  /**
   * An authenticator fetched its issuer's signing keys, or failed to.
   *
   * @param issuer the issuer (configured, not from a token)
   */
  default void keySetFetched(String issuer, boolean succeeded) {}

  /**
   * The relay delivered an event to a subscription, or failed to.
   *
   * @param lag from the event's creation to the end of this attempt
   */
  default void delivered(String subscription, boolean succeeded, Duration lag) {}
}
