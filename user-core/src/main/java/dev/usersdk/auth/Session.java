package dev.usersdk.auth;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a login or refresh returns: a short-lived access token (a signed JWT to send as {@code
 * Authorization: Bearer}) and a refresh token (opaque; to exchange, once, for the next session).
 * Both are secrets: {@link #toString()} shows neither.
 */
public record Session(
    UserId userId,
    String accessToken,
    Instant accessTokenExpiresAt,
    String refreshToken,
    Instant refreshTokenExpiresAt) {
  public Session {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(refreshTokenExpiresAt, "refreshTokenExpiresAt");
  }

  @Override
  public String toString() {
    return "Session[userId="
        + userId
        + ", accessToken=(redacted), accessTokenExpiresAt="
        + accessTokenExpiresAt
        + ", refreshToken=(redacted), refreshTokenExpiresAt="
        + refreshTokenExpiresAt
        + "]";
  }
}
