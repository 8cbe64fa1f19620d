package dev.usersdk.auth;

import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An authenticated caller: what {@link Auth#authenticate(String)} returns for a valid token (the
 * "get current user" of a host).
 *
 * @param user the user as stored when the token was checked
 * @param mode how the caller authenticated
 * @param admin whether the user is an admin (stored flag or configured admin id)
 * @param sessionId the usersdk session the token belongs to; empty for other issuers and {@code NONE}
 * @param expiresAt when the token expires; empty for {@code NONE}
 */
public record Principal(User user, AuthMode mode, boolean admin, Optional<UUID> sessionId, Optional<Instant> expiresAt) {
  public Principal {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public UserId userId() {
    return user.id();
  }

  /** Who vouches for the user's identity: a charge policy may bill only some providers. */
  public AuthProvider provider() {
    return user.authProvider();
  }
}
