package dev.usersdk;

/**
 * Somebody else changed the record between this caller's read and its write (an optimistic version
 * check failed). Nothing was written; re-read, re-apply and try again (a 409 for a host).
 */
public class ConcurrentUpdateException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public ConcurrentUpdateException(String message) {
    super("concurrent_update", message);
  }
}
