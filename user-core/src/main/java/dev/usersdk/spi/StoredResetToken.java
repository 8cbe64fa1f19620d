package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;

/** A password reset token, by the SHA-256 of its value. */
public record StoredResetToken(
    String tokenHash, UserId userId, Instant createdAt, Instant expiresAt) {
  public StoredResetToken {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "StoredResetToken[userId="
        + userId
        + ", createdAt="
        + createdAt
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
