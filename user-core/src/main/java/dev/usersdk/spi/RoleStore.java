package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Set;

/** The roles granted to users. A user's roles are deleted with the user. */
public interface RoleStore {
  /** The roles of {@code user}; empty for a user with none, or no such user. */
  Set<String> rolesOf(UserId user);

  /**
   * Grants {@code role} to an existing user.
   *
   * @return {@code false} if the user had it already (nothing changed)
   */
  boolean grant(UserId user, String role, Instant grantedAt);

  /**
   * Takes {@code role} from the user.
   *
   * @return {@code false} if the user did not have it
   */
  boolean revoke(UserId user, String role);
}
