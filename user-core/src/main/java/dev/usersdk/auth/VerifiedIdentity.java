package dev.usersdk.auth;

import dev.usersdk.user.ExternalIdentity;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link Authenticator} returns for a token that passed its checks: who the issuer says the
 * caller is, until when, and the token's claims (roles, permissions, scope ...) for the host.
 *
 * @param identity the subject and the fields usersdk keeps in step (email, verified flag, name,
 *     picture)
 * @param issuer the token's {@code iss}
 * @param expiresAt the token's {@code exp}
 * @param claims every claim of the token, as JSON values (strings, numbers, booleans, lists, maps)
 * @param roles the roles the issuer put in the token (e.g. from an Auth0 Action's roles claim): the
 *     principal holds them beside those granted in usersdk, and they permit what the host
 *     configured for roles of those names
 * @param permissions the permissions the issuer put in the token (e.g. Auth0's {@code permissions}
 *     claim with RBAC): the principal holds them as they are
 */
public record VerifiedIdentity(
    ExternalIdentity identity,
    String issuer,
    Instant expiresAt,
    Map<String, Object> claims,
    Set<String> roles,
    Set<String> permissions) {
  public VerifiedIdentity {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    permissions = Collections.unmodifiableSet(new LinkedHashSet<>(permissions));
  }

  /** An identity whose token carries no roles or permissions usersdk reads. */
  public VerifiedIdentity(
      ExternalIdentity identity, String issuer, Instant expiresAt, Map<String, Object> claims) {
    this(identity, issuer, expiresAt, claims, Set.of(), Set.of());
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
