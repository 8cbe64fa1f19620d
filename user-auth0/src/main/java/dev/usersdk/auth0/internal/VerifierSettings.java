package dev.usersdk.auth0.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything {@link TokenVerifier} needs, validated by {@code Auth0Authenticator.Builder}. Not API.
 *
 * @param claimNames where each auth-owned field is read from, first match wins: {@code email},
 *     {@code email_verified}, {@code name}, {@code picture} keys, each to a list of claim names
 */
public record VerifierSettings(
    String issuer,
    Set<String> audiences,
    URI jwksUri,
    Set<String> algorithms,
    Duration clockSkew,
    Clock clock,
    Duration cacheTtl,
    Duration refreshAhead,
    Duration unknownKidRefetchInterval,
    Duration outageTolerance,
    Duration connectTimeout,
    Duration readTimeout,
    int maxKeySetBytes,
    int maxTokenLength,
    ClaimNames claimNames) {

  /** Claim names of the auth-owned fields, each tried in order. */
  public record ClaimNames(
      List<String> email, List<String> emailVerified, List<String> name, List<String> picture) {}
}
