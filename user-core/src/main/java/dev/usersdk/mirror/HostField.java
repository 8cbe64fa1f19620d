package dev.usersdk.mirror;

import dev.usersdk.ValidationException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A field the mirroring service owns (a plan, a role, permissions, feature flags, anything of its
 * own), kept beside the mirrored user and written only through {@link UserMirror#updateHostFields}.
 * Events never touch it. Declared once with its name (stable: it keys the stored value), its type
 * and the default a new mirror row gets.
 *
 * @param <T> the value's type: {@code String} (nullable), {@code Set<String>}, {@code Boolean} or
 *     {@code Long}
 */
public final class HostField<T> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  enum Kind {
    TEXT,
    SET,
    FLAG,
    NUMBER
  }

  private final String name;
  private final Kind kind;
  private final @Nullable T defaultValue;

  private HostField(String name, Kind kind, @Nullable T defaultValue) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ValidationException(
          "name",
          "a host field's name is 1 to 64 characters of a-z, 0-9 and '_', starting with a letter");
    }
    this.name = name;
    this.kind = kind;
    this.defaultValue = defaultValue;
  }

  /** A text field; {@code null} is a value it may hold, and may be its default. */
  public static HostField<String> text(String name, @Nullable String defaultValue) {
    return new HostField<>(name, Kind.TEXT, defaultValue);
  }

  /** A set of strings (permissions, feature flags), empty by default unless given. */
  public static HostField<Set<String>> set(String name, Set<String> defaultValue) {
    return new HostField<>(name, Kind.SET, Set.copyOf(defaultValue));
  }

  public static HostField<Boolean> flag(String name, boolean defaultValue) {
    return new HostField<>(name, Kind.FLAG, defaultValue);
  }

  public static HostField<Long> number(String name, long defaultValue) {
    return new HostField<>(name, Kind.NUMBER, defaultValue);
  }

  public String name() {
    return name;
  }

  public @Nullable T defaultValue() {
    return defaultValue;
  }

  Kind kind() {
    return kind;
  }

  /** {@code value} as this field's type, or a ValidationException naming the field. */
  @Nullable T check(@Nullable Object value) {
    boolean fits =
        switch (kind) {
          case TEXT -> value == null || value instanceof String;
          case SET ->
              value instanceof Set<?> set && set.stream().allMatch(item -> item instanceof String);
          case FLAG -> value instanceof Boolean;
          case NUMBER -> value instanceof Long;
        };
    if (!fits) {
      throw new ValidationException(name, "host field " + name + " holds a " + describe());
    }
    @SuppressWarnings("unchecked")
    T typed = (T) (kind == Kind.SET ? Set.copyOf((Set<?>) Objects.requireNonNull(value)) : value);
    return typed;
  }

  private String describe() {
    return switch (kind) {
      case TEXT -> "string or null";
      case SET -> "set of strings";
      case FLAG -> "true or false";
      case NUMBER -> "whole number";
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HostField<?> field && field.name.equals(name) && field.kind == kind;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "HostField[" + name + ", " + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
