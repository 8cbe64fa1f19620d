package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A refresh token, by the SHA-256 of its value; used at most once. */
public record StoredRefreshToken(
    String tokenHash,
    UUID sessionId,
    UserId userId,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Instant> usedAt) {
  public StoredRefreshToken {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(usedAt, "usedAt");
  }

  @Override
  public String toString() {
    return "StoredRefreshToken[sessionId="
        + sessionId
        + ", userId="
        + userId
        + ", issuedAt="
        + issuedAt
        + ", expiresAt="
        + expiresAt
        + ", usedAt="
        + usedAt
        + "]";
  }
}
