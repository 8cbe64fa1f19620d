package dev.usersdk.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One active session of a user, as a "your devices" page shows it. Holds no token.
 *
 * @param id the session's id ({@link Principal#sessionId()}), to end it with {@link
 *     Auth#endSession}
 * @param createdAt when it was opened (the login)
 * @param lastUsedAt when it was opened or last refreshed
 * @param expiresAt when it ends however often it is refreshed (the absolute session lifetime)
 * @param clientAddress the login's client address, if the host passed one
 * @param userAgent the login's user agent, if the host passed one
 * @param current whether it is the session of the caller who asked
 */
public record SessionInfo(
    UUID id,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Optional<String> clientAddress,
    Optional<String> userAgent,
    boolean current) {
  public SessionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(userAgent, "userAgent");
  }
}
