package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A user listing as a store sees it.
 *
 * @param status only users with this status, if present
 * @param emailPrefix only users whose canonical email starts with this (already lower-case), if
 *     present
 * @param admin only admins or only non-admins, if present; a user is an admin when its stored flag
 *     is set or its id is in {@code adminIds}
 * @param adminIds ids that are admins whatever their flag (from the configuration)
 * @param afterId start after this id, if present
 * @param limit at most this many users
 */
public record UserCriteria(
    Optional<UserStatus> status,
    Optional<String> emailPrefix,
    Optional<Boolean> admin,
    Set<UserId> adminIds,
    Optional<UserId> afterId,
    int limit) {
  public UserCriteria {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(emailPrefix, "emailPrefix");
    Objects.requireNonNull(admin, "admin");
    adminIds = Set.copyOf(adminIds);
    Objects.requireNonNull(afterId, "afterId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }

  /** Whether {@code id} with stored flag {@code flag} counts as an admin. */
  public boolean isAdmin(UserId id, boolean flag) {
    return flag || adminIds.contains(id);
  }
}
