package dev.usersdk.auth;

import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sign-up by emailed code. Part of {@link AuthConfig}.
 *
 * @param codeTtl how long a registration code works, at most a day
 * @param maxCodeAttempts wrong codes after which the registration must start over (1 to 100)
 * @param resendCooldown how long a repeated registration sends nothing new (the earlier code stays
 *     valid), at most a day
 * @param legacyOwnerId an existing user, without email, that the first confirmed registration
 *     attaches to
 */
public record RegistrationConfig(
    Duration codeTtl,
    int maxCodeAttempts,
    Duration resendCooldown,
    Optional<UserId> legacyOwnerId) {
  public RegistrationConfig {
    Objects.requireNonNull(legacyOwnerId, "legacyOwnerId");
  }

  /** Codes valid 15 minutes, 5 attempts, 60 seconds between sends, no legacy owner. */
  public static RegistrationConfig defaults() {
    return new RegistrationConfig(
        Duration.ofMinutes(15), 5, Duration.ofSeconds(60), Optional.empty());
  }

  public RegistrationConfig withCodeTtl(Duration value) {
    return new RegistrationConfig(value, maxCodeAttempts, resendCooldown, legacyOwnerId);
  }

  public RegistrationConfig withMaxCodeAttempts(int value) {
    return new RegistrationConfig(codeTtl, value, resendCooldown, legacyOwnerId);
  }

  public RegistrationConfig withResendCooldown(Duration value) {
    return new RegistrationConfig(codeTtl, maxCodeAttempts, value, legacyOwnerId);
  }

  public RegistrationConfig withLegacyOwnerId(Optional<UserId> value) {
    return new RegistrationConfig(codeTtl, maxCodeAttempts, resendCooldown, value);
  }

  void check() {
    ConfigChecks.requirePositive(codeTtl, "codeTtl", Duration.ofDays(1));
    ConfigChecks.requireCount(maxCodeAttempts, "maxCodeAttempts", 100);
    ConfigChecks.requireNotNegative(resendCooldown, "resendCooldown", Duration.ofDays(1));
  }
}
