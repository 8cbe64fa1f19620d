package dev.usersdk;

/**
 * The caller is known but may not do this, e.g. a non-admin adjusting a balance (a 403). Nothing
 * was changed.
 */
public class ForbiddenException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super("forbidden", message);
  }
}
