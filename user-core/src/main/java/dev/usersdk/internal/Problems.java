package dev.usersdk.internal;

import dev.usersdk.UserSdkException;

/** A failure described for a report an operator reads (a health check), without secrets. */
public final class Problems {
  private Problems() {}

  /** Our own message, which says what happened without secrets; for another's, only its type. */
  public static String of(Throwable failure) {
    return failure instanceof UserSdkException known && known.getMessage() != null
        ? known.getMessage()
        : "failed with " + failure.getClass().getSimpleName();
  }
}
