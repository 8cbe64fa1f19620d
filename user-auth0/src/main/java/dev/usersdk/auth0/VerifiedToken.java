package dev.usersdk.auth0;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of an access token that passed every check of {@link Auth0Authenticator#validate}:
 * signature, algorithm, issuer, audience, expiry, not-before.
 *
 * @param email read from the configured email claim (or {@code email}); empty if absent
 * @param emailVerified the configured email-verified claim (or {@code email_verified}); false if
 *     absent
 * @param claims every claim of the token, as JSON values (strings, numbers, booleans, lists, maps)
 */
public record VerifiedToken(
    String subject,
    String issuer,
    List<String> audience,
    Instant expiresAt,
    Optional<Instant> issuedAt,
    Optional<String> email,
    boolean emailVerified,
    Optional<String> name,
    Optional<String> picture,
    Map<String, Object> claims) {

  public VerifiedToken {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    audience = List.copyOf(audience);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(picture, "picture");
    claims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
  }

  /** A claim by name, e.g. {@code "permissions"} or {@code "https://api.example.com/roles"}. */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims.get(name));
  }

  /** Names the subject and expiry only: claims may hold personal data. */
  @Override
  public String toString() {
    return "VerifiedToken[sub=" + subject + ", iss=" + issuer + ", exp=" + expiresAt + "]";
  }
}
