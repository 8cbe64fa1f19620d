package dev.usersdk.event.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON that {@link JsonWriter} writes, and any other well-formed JSON text, into maps,
 * lists, strings, longs, booleans and nulls. Strict: trailing text, a fractional number, a
 * duplicate key or nesting deeper than 32 is refused with {@link IllegalArgumentException}, whose
 * message says where, never what (an event may hold personal data). Not a general JSON library, and
 * not API.
 */
public final class JsonReader {
  private static final int MAX_DEPTH = 32;

  private final String text;
  private int at;

  private JsonReader(String text) {
    this.text = text;
  }

  /** The value {@code text} holds. */
  public static @Nullable Object read(String text) {
    JsonReader reader = new JsonReader(text);
    Object value = reader.value(0);
    reader.skipSpace();
    if (reader.at != text.length()) {
      throw reader.error("text after the value");
    }
    return value;
  }

  /** {@code text} as an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> readObject(String text) {
    if (read(text) instanceof Map<?, ?> map) {
      return (Map<String, @Nullable Object>) map;
    }
    throw new IllegalArgumentException("JSON text is not an object");
  }

  /** A value read by {@link #read} that must be an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> asObject(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, @Nullable Object>) map;
    }
    throw new IllegalArgumentException("JSON value is not an object");
  }

  private @Nullable Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    skipSpace();
    if (at >= text.length()) {
      throw error("a value was expected");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character");
      }
    };
  }

  private Map<String, @Nullable Object> object(int depth) {
    at++; // {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek('}')) {
      at++;
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipSpace();
      if (!peek('"')) {
        throw error("a name was expected");
      }
      String name = string();
      skipSpace();
      expect(':');
      if (map.containsKey(name)) {
        throw error("a name appears twice");
      }
      map.put(name, value(depth + 1));
      skipSpace();
      if (peek(',')) {
        at++;
      } else {
        expect('}');
        return Collections.unmodifiableMap(map);
      }
    }
  }

  private List<@Nullable Object> array(int depth) {
    at++; // [
    List<@Nullable Object> list = new ArrayList<>();
    skipSpace();
    if (peek(']')) {
      at++;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      list.add(value(depth + 1));
      skipSpace();
      if (peek(',')) {
        at++;
      } else {
        expect(']');
        return Collections.unmodifiableList(list);
      }
    }
  }

  private String string() {
    at++; // "
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("an unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("a control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("an unterminated escape");
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(unicodeEscape());
        default -> throw error("an unknown escape");
      }
    }
  }

  private char unicodeEscape() {
    if (at + 4 > text.length()) {
      throw error("a short \\u escape");
    }
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(at++), 16);
      if (digit < 0) {
        throw error("a bad \\u escape");
      }
      code = code * 16 + digit;
    }
    return (char) code;
  }

  private Long number() {
    int start = at;
    if (peek('-')) {
      at++;
    }
    int digits = at;
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    if (at == digits || (text.charAt(digits) == '0' && at - digits > 1)) {
      throw error("a malformed number");
    }
    if (at < text.length() && "eE.".indexOf(text.charAt(at)) >= 0) {
      throw error("a number that is not a whole number");
    }
    try {
      return Long.parseLong(text, start, at, 10);
    } catch (NumberFormatException e) {
      throw error("a number out of range");
    }
  }

  private @Nullable Object literal(String word, @Nullable Object value) {
    if (!text.startsWith(word, at)) {
      throw error("unexpected character");
    }
    at += word.length();
    return value;
  }

  private void skipSpace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "' was expected");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("malformed JSON: " + what + " at offset " + at);
  }
}
