package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Password reset by emailed link. Part of {@link AuthConfig}.
 *
 * @param tokenTtl how long a reset link works, at most 7 days
 * @param linkTemplate the link sent, with {@code {token}} where the token goes; reset needs one
 * @param cooldown how long after a link another request for the same account sends nothing (at most
 *     an hour)
 * @param maxPerHour how many links one account is sent in an hour at most (1 to 1,000)
 */
public record ResetConfig(
    Duration tokenTtl, Optional<String> linkTemplate, Duration cooldown, int maxPerHour) {
  /** An hour: what {@link #maxPerHour} counts over. */
  public static final Duration CAP_WINDOW = Duration.ofHours(1);

  public ResetConfig {
    Objects.requireNonNull(linkTemplate, "linkTemplate");
  }

  /** Links valid one hour; no template; one link a minute and five an hour per account. */
  public static ResetConfig defaults() {
    return new ResetConfig(Duration.ofHours(1), Optional.empty(), Duration.ofSeconds(60), 5);
  }

  public ResetConfig withTokenTtl(Duration value) {
    return new ResetConfig(value, linkTemplate, cooldown, maxPerHour);
  }

  public ResetConfig withLinkTemplate(Optional<String> value) {
    return new ResetConfig(tokenTtl, value, cooldown, maxPerHour);
  }

  public ResetConfig withCooldown(Duration value) {
    return new ResetConfig(tokenTtl, linkTemplate, value, maxPerHour);
  }

  public ResetConfig withMaxPerHour(int value) {
    return new ResetConfig(tokenTtl, linkTemplate, cooldown, value);
  }

  void check() {
    ConfigChecks.requirePositive(tokenTtl, "resetTokenTtl", Duration.ofDays(7));
    if (linkTemplate.isPresent() && !linkTemplate.get().contains("{token}")) {
      throw new ConfigurationException("resetLinkTemplate must contain {token}");
    }
    ConfigChecks.requireNotNegative(cooldown, "resetCooldown", CAP_WINDOW);
    ConfigChecks.requireCount(maxPerHour, "resetMaxPerHour", 1000);
  }
}
