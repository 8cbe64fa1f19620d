package dev.usersdk.event.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The little JSON the event payloads need: objects, strings, numbers, booleans, null and lists of
 * strings, written in the order given (so the serialized form can be pinned by tests). Not a
 * general JSON library, and not API.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder(256);
  private boolean first = true;

  public JsonWriter begin() {
    out.append('{');
    first = true;
    return this;
  }

  public JsonWriter end() {
    out.append('}');
    first = false;
    return this;
  }

  /** Opens a nested object under {@code name}; close it with {@link #end()}. */
  public JsonWriter object(String name) {
    name(name);
    return begin();
  }

  public JsonWriter field(String name, @Nullable String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  public JsonWriter field(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  public JsonWriter field(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  /** An instant as ISO-8601 UTC text, or null. */
  public JsonWriter field(String name, @Nullable Instant value) {
    return field(name, value == null ? null : value.toString());
  }

  public JsonWriter field(String name, List<String> values) {
    name(name);
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(values.get(i));
    }
    out.append(']');
    return this;
  }

  /**
   * Opens an array of objects under {@code name}: {@link #element()} each, then {@link
   * #endArray()}.
   */
  public JsonWriter array(String name) {
    name(name);
    out.append('[');
    first = true;
    return this;
  }

  /** Opens the next object of the array being written; close it with {@link #end()}. */
  public JsonWriter element() {
    if (!first) {
      out.append(',');
    }
    out.append('{');
    first = true;
    return this;
  }

  public JsonWriter endArray() {
    out.append(']');
    first = false;
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void name(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    string(name);
    out.append(':');
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
