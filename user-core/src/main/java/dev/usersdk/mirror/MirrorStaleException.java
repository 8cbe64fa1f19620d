package dev.usersdk.mirror;

import dev.usersdk.UserSdkException;

/**
 * The mirror cannot prove it is as fresh as the caller demands ({@link UserMirror#requireFresh}):
 * its last successful sync is too old, or it never synced. A host that must fail closed denies the
 * request. Retryable: a later sync may prove freshness again.
 */
public class MirrorStaleException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public MirrorStaleException(String message) {
    super("mirror_stale", message);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
