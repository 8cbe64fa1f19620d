package dev.usersdk.user;

import dev.usersdk.UserSdkException;
import org.jspecify.annotations.Nullable;

/**
 * Another user already has this (provider, external subject) pair. Nothing was written. Callers
 * racing to create the same external user catch this and read the winner's row.
 */
public class DuplicateExternalSubjectException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public DuplicateExternalSubjectException() {
    super(
        "duplicate_external_subject",
        "a user with this provider and external subject already exists");
  }

  public DuplicateExternalSubjectException(@Nullable Throwable cause) {
    super(
        "duplicate_external_subject",
        "a user with this provider and external subject already exists",
        cause);
  }
}
