package dev.usersdk.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Second factors. Part of {@link AuthConfig}; the key that encrypts TOTP keys at rest is set there
 * ({@link AuthConfig.Builder#mfaKey}), since it is a secret and this record is not.
 *
 * @param issuer the issuer an authenticator app shows above the code (the {@code otpauth} label)
 * @param maxFailures wrong codes in a row that start a cooldown (1 to 100)
 * @param cooldown how long every code is then refused (at most a day)
 * @param challengeTtl how long a sign-in waits for its second factor (at most an hour)
 * @param requiredForAdmins whether {@link Auth#requireAdmin} accepts only sessions that proved a
 *     second factor, and {@link Auth#requirePermission} too for usersdk's own privileged
 *     permissions however they are held (an admin's or a role's) and for an admin acting as one
 *     (for usersdk's own tokens; other issuers enforce their own)
 */
public record MfaConfig(
    String issuer,
    int maxFailures,
    Duration cooldown,
    Duration challengeTtl,
    boolean requiredForAdmins) {
  public MfaConfig {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(challengeTtl, "challengeTtl");
  }

  /**
   * Issuer {@code usersdk}, five failures then 15 minutes, challenges of 5 minutes, not required.
   */
  public static MfaConfig defaults() {
    return new MfaConfig("usersdk", 5, Duration.ofMinutes(15), Duration.ofMinutes(5), false);
  }

  public MfaConfig withIssuer(String value) {
    return new MfaConfig(value, maxFailures, cooldown, challengeTtl, requiredForAdmins);
  }

  public MfaConfig withMaxFailures(int value) {
    return new MfaConfig(issuer, value, cooldown, challengeTtl, requiredForAdmins);
  }

  public MfaConfig withCooldown(Duration value) {
    return new MfaConfig(issuer, maxFailures, value, challengeTtl, requiredForAdmins);
  }

  public MfaConfig withChallengeTtl(Duration value) {
    return new MfaConfig(issuer, maxFailures, cooldown, value, requiredForAdmins);
  }

  public MfaConfig withRequiredForAdmins(boolean value) {
    return new MfaConfig(issuer, maxFailures, cooldown, challengeTtl, value);
  }

  void check() {
    if (issuer.isBlank() || issuer.length() > 100 || issuer.contains(":")) {
      throw new dev.usersdk.ConfigurationException(
          "mfa issuer must be 1 to 100 characters without ':'");
    }
    ConfigChecks.requireCount(maxFailures, "mfaMaxFailures", 100);
    ConfigChecks.requirePositive(cooldown, "mfaCooldown", Duration.ofDays(1));
    ConfigChecks.requirePositive(challengeTtl, "mfaChallengeTtl", Duration.ofHours(1));
  }
}
