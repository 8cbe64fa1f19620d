package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import java.time.Duration;

/** The checks the auth config records share; each names the setting. */
final class ConfigChecks {
  private ConfigChecks() {}

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(name + " must not be blank");
    }
  }

  static void requirePositive(Duration value, String name) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigurationException(name + " must be a positive duration, was " + value);
    }
  }

  static void requireNotNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new ConfigurationException(name + " must not be negative, was " + value);
    }
  }

  static void requireAtMost(Duration value, Duration max, String name, String maxText) {
    if (value.compareTo(max) > 0) {
      throw new ConfigurationException(name + " must be at most " + maxText + ", was " + value);
    }
  }

  static void requireAtLeastOne(int value, String name) {
    if (value < 1) {
      throw new ConfigurationException(name + " must be at least 1, was " + value);
    }
  }
}
