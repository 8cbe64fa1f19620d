package dev.usersdk.cli;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ForbiddenException;
import dev.usersdk.UserSdkException;

/**
 * The CLI's exit codes, by what went wrong, so a script can tell "retry" from "fix the input" (the
 * error's stable code is printed beside it).
 */
final class ExitCode {
  private ExitCode() {}

  static final int OK = 0;

  /** A failure a retry will not fix (a store failure), or a check that found a problem. */
  static final int FAILED = 1;

  /** The command line itself was wrong (picocli's usage errors). */
  static final int USAGE = 2;

  /** A destructive command was not confirmed: nothing was done. */
  static final int NOT_CONFIRMED = 3;

  /** No such user or ledger record. */
  static final int NOT_FOUND = 4;

  /** The actor may not do this. */
  static final int FORBIDDEN = 5;

  /** The library refused the input or the state: nothing was done. */
  static final int REFUSED = 6;

  /**
   * Retry: the store is unavailable, the outcome unknown (with the same key), or a concurrent
   * change won.
   */
  static final int UNAVAILABLE = 7;

  /** The settings are wrong (a missing URL, a schema behind the library). */
  static final int CONFIGURATION = 8;

  static int of(UserSdkException e) {
    if (e.retryable() || e.code().equals("concurrent_update")) {
      return UNAVAILABLE;
    }
    if (e instanceof ForbiddenException) {
      return FORBIDDEN;
    }
    if (e instanceof ConfigurationException) {
      return CONFIGURATION;
    }
    if (e.code().endsWith("_not_found")) {
      return NOT_FOUND;
    }
    if (e.code().equals("store_failure")) {
      return FAILED;
    }
    return REFUSED;
  }
}
