package dev.usersdk.spi;

import dev.usersdk.user.User;
import java.util.Objects;

/**
 * What the store knows about an access token's subject: see {@link AuthStore#checkToken}.
 *
 * @param user the token's user as stored now
 * @param sessionActive whether the token's session exists and is not revoked
 * @param tokenRevoked whether the token itself was revoked (a logout)
 */
public record TokenCheck(User user, boolean sessionActive, boolean tokenRevoked) {
  public TokenCheck {
    Objects.requireNonNull(user, "user");
  }
}
