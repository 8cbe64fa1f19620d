package dev.usersdk;

import org.jspecify.annotations.Nullable;

/**
 * A setting that usersdk refuses to start with. Thrown by builders and {@code fromEnv()} / {@code
 * fromMap()}, so a misconfigured application fails at startup rather than at the first request. The
 * message names the setting and, unless it is a secret, the bad value.
 */
public class ConfigurationException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super("invalid_configuration", message);
  }

  public ConfigurationException(String message, @Nullable Throwable cause) {
    super("invalid_configuration", message, cause);
  }
}
