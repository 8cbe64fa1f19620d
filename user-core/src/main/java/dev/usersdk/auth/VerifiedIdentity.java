package dev.usersdk.auth;

import dev.usersdk.user.ExternalIdentity;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Authenticator} returns for a token that passed its checks: who the issuer says the
 * caller is, until when, and the token's claims (roles, permissions, scope ...) for the host.
 *
 * @param identity the subject and the fields usersdk keeps in step (email, verified flag, name,
 *     picture)
 * @param issuer the token's {@code iss}
 * @param expiresAt the token's {@code exp}
 * @param claims every claim of the token, as JSON values (strings, numbers, booleans, lists, maps)
 */
public record VerifiedIdentity(
    ExternalIdentity identity, String issuer, Instant expiresAt, Map<String, Object> claims) {
  public VerifiedIdentity {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  /** Names the subject, issuer and expiry only: claims may hold personal data. */
  @Override
  public String toString() {
    return "VerifiedIdentity[sub="
        + identity.subject()
        + ", iss="
        + issuer
        + ", exp="
        + expiresAt
        + "]";
  }
}
