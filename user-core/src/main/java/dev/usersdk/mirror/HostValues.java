package dev.usersdk.mirror;

import dev.usersdk.event.internal.JsonReader;
import dev.usersdk.event.internal.JsonWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The host-owned values of one mirrored user. Stored as one JSON object ({@link #toJson()}) beside
 * the mirrored columns; values of fields the host no longer declares are kept as they were, so
 * removing a declaration loses nothing.
 */
public final class HostValues {
  private final HostFields fields;
  private final Map<String, @Nullable Object> values;

  private HostValues(HostFields fields, Map<String, @Nullable Object> values) {
    this.fields = fields;
    this.values = Collections.unmodifiableMap(values);
  }

  static HostValues defaults(HostFields fields) {
    Map<String, @Nullable Object> values = new HashMap<>();
    for (HostField<?> field : fields.all()) {
      values.put(field.name(), field.defaultValue());
    }
    return new HostValues(fields, values);
  }

  /** The field's value: the stored one, or its default when none was stored yet. */
  public <T> @Nullable T get(HostField<T> field) {
    if (!fields.declares(field)) {
      throw new IllegalArgumentException(field + " is not declared by this mirror");
    }
    return values.containsKey(field.name())
        ? field.check(values.get(field.name()))
        : field.defaultValue();
  }

  /** These values with {@code update}'s applied; every field it sets must be declared. */
  HostValues with(HostUpdate update) {
    fields.requireDeclared(update);
    Map<String, @Nullable Object> next = new HashMap<>(values);
    update.values().forEach((field, value) -> next.put(field.name(), value));
    return new HostValues(fields, next);
  }

  /** The stored form: a JSON object, names sorted, sets as sorted arrays. */
  public String toJson() {
    JsonWriter json = new JsonWriter().begin();
    for (Map.Entry<String, @Nullable Object> entry : new TreeMap<>(values).entrySet()) {
      Object value = entry.getValue();
      if (value == null) {
        json.field(entry.getKey(), (String) null);
      } else if (value instanceof String text) {
        json.field(entry.getKey(), text);
      } else if (value instanceof Boolean flag) {
        json.field(entry.getKey(), flag.booleanValue());
      } else if (value instanceof Long number) {
        json.field(entry.getKey(), number.longValue());
      } else if (value instanceof Set<?> || value instanceof List<?>) {
        List<String> items = new ArrayList<>();
        ((Iterable<?>) value).forEach(item -> items.add(String.valueOf(item)));
        Collections.sort(items);
        json.field(entry.getKey(), items);
      }
    }
    return json.end().toString();
  }

  /**
   * Reads a stored value set. Declared fields missing from it take their defaults; arrays become
   * sets.
   */
  public static HostValues fromJson(HostFields fields, String json) {
    Map<String, @Nullable Object> values = new HashMap<>();
    JsonReader.readObject(json)
        .forEach(
            (name, value) ->
                values.put(
                    name,
                    value instanceof List<?> list ? Set.copyOf(new LinkedHashSet<>(list)) : value));
    for (HostField<?> field : fields.all()) {
      values.putIfAbsent(field.name(), field.defaultValue());
    }
    return new HostValues(fields, values);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HostValues that && that.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  @Override
  public String toString() {
    return "HostValues" + new TreeMap<>(values);
  }
}
