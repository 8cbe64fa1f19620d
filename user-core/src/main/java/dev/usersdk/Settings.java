package dev.usersdk;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one reader of {@code USER_SDK_*} settings, shared by every module's {@code fromEnv()} and
 * {@code fromMap(...)}: a missing or blank entry is absent, values are stripped, and a value that
 * does not parse is a {@link ConfigurationException} that names the variable and quotes the value
 * (secrets are read with {@link #secret}, which never quotes).
 *
 * <pre>{@code
 * Settings settings = Settings.of(Map.of("USER_SDK_DB_POOL_SIZE", "20"));
 * int pool = settings.integer("USER_SDK_DB_POOL_SIZE").orElse(10);
 * }</pre>
 */
public final class Settings {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  /** Settings from a map keyed like the environment variables; the map is read, not copied. */
  public static Settings of(Map<String, String> values) {
    return new Settings(Objects.requireNonNull(values, "values"));
  }

  /** The process environment. */
  public static Settings fromEnv() {
    return of(System.getenv());
  }

  /** The stripped value; empty if missing or blank. */
  public Optional<String> text(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** The value exactly as given (a password may start or end with a space); empty if missing. */
  public Optional<String> secret(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * The value parsed by {@code parser}; a parser's {@link IllegalArgumentException} (which {@link
   * ValidationException} is not, so both are caught) becomes {@code "KEY must be EXPECTED, was
   * 'VALUE'"}.
   */
  public <T> Optional<T> parsed(String key, Function<String, T> parser, String expected) {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(value.get()));
    } catch (IllegalArgumentException | ValidationException | DateTimeParseException e) {
      throw new ConfigurationException(
          key + " must be " + expected + ", was '" + value.get() + "'");
    }
  }

  /** {@code true} or {@code false}, in any case. */
  public Optional<Boolean> bool(String key) {
    return parsed(key, Settings::parseBoolean, "'true' or 'false'");
  }

  /** A whole number. */
  public Optional<Integer> integer(String key) {
    return parsed(key, Integer::parseInt, "a whole number");
  }

  /** An ISO-8601 duration ({@code PT15M}) or a number of seconds. */
  public Optional<Duration> duration(String key) {
    return parsed(key, Settings::parseDuration, "an ISO-8601 duration (e.g. PT15M) or seconds");
  }

  /** A comma-separated list; blank items are skipped. Empty if the setting is absent. */
  public List<String> list(String key) {
    return text(key)
        .map(
            value ->
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList())
        .orElse(List.of());
  }

  /** The value of a setting that must be there. */
  public String required(String key, String why) {
    return text(key).orElseThrow(() -> new ConfigurationException(key + " is required " + why));
  }

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static Duration parseDuration(String value) {
    if (value.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    return Duration.parse(value);
  }

  /** Names the variables only: values may be secrets. */
  @Override
  public String toString() {
    return "Settings"
        + values.keySet().stream().filter(key -> key.startsWith("USER_SDK_")).sorted().toList();
  }
}
