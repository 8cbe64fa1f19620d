package dev.usersdk.user;

import dev.usersdk.UserSdkException;
import java.util.Objects;

/** No user has this id (a 404 for a host). Nothing was changed. */
public class UserNotFoundException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  private final UserId userId;

  public UserNotFoundException(UserId userId) {
    super("user_not_found", "no user with id " + userId);
    this.userId = Objects.requireNonNull(userId, "userId");
  }

  /** The id that was looked for. */
  public UserId userId() {
    return userId;
  }
}
