package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The checks the auth config records share; each names the setting. Every duration and count has an
 * upper bound, so no setting can push a timestamp past what the databases store (year 9999) or
 * overflow {@code Instant} arithmetic at login time.
 */
final class ConfigChecks {
  private ConfigChecks() {}

  static void requireText(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(name + " must not be blank");
    }
  }

  /** Positive and at most {@code max}. */
  static void requirePositive(@Nullable Duration value, String name, Duration max) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigurationException(name + " must be a positive duration, was " + value);
    }
    requireAtMost(value, max, name);
  }

  /** Zero or more, and at most {@code max}. */
  static void requireNotNegative(@Nullable Duration value, String name, Duration max) {
    if (value == null || value.isNegative()) {
      throw new ConfigurationException(name + " must not be negative, was " + value);
    }
    requireAtMost(value, max, name);
  }

  /** From 1 to {@code max}. */
  static void requireCount(int value, String name, int max) {
    if (value < 1) {
      throw new ConfigurationException(name + " must be at least 1, was " + value);
    }
    if (value > max) {
      throw new ConfigurationException(name + " must be at most " + max + ", was " + value);
    }
  }

  private static void requireAtMost(Duration value, Duration max, String name) {
    if (value.compareTo(max) > 0) {
      throw new ConfigurationException(
          name + " must be at most " + describe(max) + ", was " + value);
    }
  }

  private static String describe(Duration duration) {
    if (duration.toDays() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
      return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
    }
    if (duration.toHours() > 0 && duration.equals(Duration.ofHours(duration.toHours()))) {
      return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
    }
    return duration.toMinutes() + (duration.toMinutes() == 1 ? " minute" : " minutes");
  }
}
