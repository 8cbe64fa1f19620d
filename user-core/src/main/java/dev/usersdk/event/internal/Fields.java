package dev.usersdk.event.internal;

import dev.usersdk.event.EventFormatException;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.user.UserStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of one object of received JSON (an event, a page of the change feed), each failure an
 * {@link EventFormatException} naming the field by its path (never its value). Not API.
 */
public final class Fields {
  private final Map<String, @Nullable Object> values;
  private final String path;

  public Fields(Map<String, @Nullable Object> values, String path) {
    this.values = values;
    this.path = path;
  }

  /** Whether the object has {@code name} (null or not). */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  private @Nullable Object value(String name) {
    if (!values.containsKey(name)) {
      throw new EventFormatException("the event has no " + path + name);
    }
    return values.get(name);
  }

  private <T> T typed(String name, Class<T> type, String what) {
    Object value = value(name);
    if (!type.isInstance(value)) {
      throw new EventFormatException(path + name + " is not " + what);
    }
    return type.cast(value);
  }

  public long number(String name) {
    return typed(name, Long.class, "a whole number");
  }

  public boolean bool(String name) {
    return typed(name, Boolean.class, "true or false");
  }

  public String text(String name) {
    return typed(name, String.class, "a string");
  }

  public @Nullable String optionalText(String name) {
    return value(name) == null ? null : text(name);
  }

  public UUID uuid(String name) {
    return uuid(text(name), path + name);
  }

  public static UUID uuid(String text, String name) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(name + " is not a UUID");
    }
  }

  public Instant instant(String name) {
    try {
      return Instant.parse(text(name));
    } catch (DateTimeParseException e) {
      throw new EventFormatException(path + name + " is not an ISO-8601 instant");
    }
  }

  public @Nullable Instant optionalInstant(String name) {
    return value(name) == null ? null : instant(name);
  }

  @SuppressWarnings("unchecked")
  public Fields object(String name) {
    return new Fields(typed(name, Map.class, "an object"), path + name + ".");
  }

  /** Whether {@code name} is there and null. */
  public boolean isNull(String name) {
    return value(name) == null;
  }

  /**
   * A list's items as they are (for a list of objects, read each with {@link JsonReader#asObject}).
   */
  public List<@Nullable Object> objects(String name) {
    @SuppressWarnings("unchecked")
    List<@Nullable Object> items = typed(name, List.class, "a list");
    return items;
  }

  public List<String> texts(String name) {
    List<String> texts = new ArrayList<>();
    for (Object item : typed(name, List.class, "a list")) {
      if (!(item instanceof String text)) {
        throw new EventFormatException(path + name + " holds something other than strings");
      }
      texts.add(text);
    }
    return texts;
  }

  public UserStatus status(String name) {
    return constant(UserStatus.class, name);
  }

  public EntryKind entryKind(String name) {
    return constant(EntryKind.class, name);
  }

  private <E extends Enum<E>> E constant(Class<E> type, String name) {
    String text = text(name);
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(path + name + " is not a known " + type.getSimpleName());
    }
  }
}
