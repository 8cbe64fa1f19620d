package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Password reset by emailed link. Part of {@link AuthConfig}.
 *
 * @param tokenTtl how long a reset link works
 * @param linkTemplate the link sent, with {@code {token}} where the token goes; reset needs one
 */
public record ResetConfig(Duration tokenTtl, Optional<String> linkTemplate) {
  public ResetConfig {
    Objects.requireNonNull(linkTemplate, "linkTemplate");
  }

  /** Links valid one hour; no template. */
  public static ResetConfig defaults() {
    return new ResetConfig(Duration.ofHours(1), Optional.empty());
  }

  public ResetConfig withTokenTtl(Duration value) {
    return new ResetConfig(value, linkTemplate);
  }

  public ResetConfig withLinkTemplate(Optional<String> value) {
    return new ResetConfig(tokenTtl, value);
  }

  void check() {
    ConfigChecks.requirePositive(tokenTtl, "resetTokenTtl");
    if (linkTemplate.isPresent() && !linkTemplate.get().contains("{token}")) {
      throw new ConfigurationException("resetLinkTemplate must contain {token}");
    }
  }
}
