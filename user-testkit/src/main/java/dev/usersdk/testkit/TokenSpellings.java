package dev.usersdk.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Other spellings of a signed token that lenient base64url decoders read as the same bytes (or that
 * a lenient parser would accept): padding, characters from the other base64 alphabet, whitespace,
 * spare bits set in a part's last character, extra or missing parts. Every one must be refused; a
 * host that caches or blocks tokens by their text relies on it.
 */
public final class TokenSpellings {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private TokenSpellings() {}

  /** The variants of {@code token} (a canonical compact JWS), each with what it changes. */
  public static List<Spelling> of(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS: " + parts.length + " parts");
    }
    List<Spelling> spellings = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String part = parts[i];
      String padded = part + "=".repeat((4 - part.length() % 4) % 4);
      if (!padded.equals(part)) {
        spellings.add(new Spelling("part " + i + " padded", with(parts, i, padded)));
      }
      String spare = withSpareBits(part);
      if (spare != null) {
        spellings.add(new Spelling("part " + i + " with spare bits set", with(parts, i, spare)));
      }
      spellings.add(
          new Spelling(
              "part " + i + " with a newline",
              with(parts, i, part.substring(0, 4) + "\n" + part.substring(4))));
    }
    int dash = token.indexOf('-');
    if (dash >= 0) {
      spellings.add(
          new Spelling("'-' as '+'", token.substring(0, dash) + "+" + token.substring(dash + 1)));
    }
    int underscore = token.indexOf('_');
    if (underscore >= 0) {
      spellings.add(
          new Spelling(
              "'_' as '/'",
              token.substring(0, underscore) + "/" + token.substring(underscore + 1)));
    }
    spellings.add(new Spelling("a leading space", " " + token));
    spellings.add(new Spelling("a trailing newline", token + "\n"));
    spellings.add(new Spelling("a fourth part", token + ".e30"));
    spellings.add(new Spelling("a trailing dot", token + "."));
    spellings.add(new Spelling("no signature", parts[0] + "." + parts[1] + "."));
    spellings.add(new Spelling("two parts", parts[0] + "." + parts[1]));
    return spellings;
  }

  /** One other spelling of a token. */
  public record Spelling(String change, String token) {
    /** Names the change; the token is a credential. */
    @Override
    public String toString() {
      return change;
    }
  }

  private static String with(String[] parts, int index, String part) {
    String[] copy = parts.clone();
    copy[index] = part;
    return String.join(".", copy);
  }

  /** The part with its last character's unused low bits set, or null when it has none. */
  private static String withSpareBits(String part) {
    int unused =
        switch (part.length() % 4) {
          case 2 -> 0x0F;
          case 3 -> 0x03;
          default -> 0;
        };
    if (unused == 0) {
      return null;
    }
    int last = ALPHABET.indexOf(part.charAt(part.length() - 1));
    return part.substring(0, part.length() - 1) + ALPHABET.charAt(last | 1);
  }
}
