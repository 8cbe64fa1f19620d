package dev.usersdk.user;

import dev.usersdk.ValidationException;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in canonical form: surrounding whitespace removed, the local part NFC-normalised
 * and lower-cased, the domain lower-cased ASCII (international domains in their punycode form). Two
 * addresses that differ only in case are equal, and a store keeps one of them.
 *
 * <p>Accepted: a dot-atom local part of at most 64 characters (letters of any script, digits and
 * {@code !#$%&'*+/=?^_`{|}~-}), an {@code @}, and a domain name with at least two labels; at most
 * 254 characters in all. Quoted local parts and IP-literal domains are refused; they are legal but
 * almost never real, and hosts cannot deliver to most of them.
 *
 * <p>The rejected text is not repeated in the error message: users paste all kinds of things into
 * an email field.
 */
public record Email(String value) {
  private static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_LENGTH = 64;
  private static final Pattern LOCAL_PART =
      Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** Canonicalises and validates; throws {@link ValidationException} for field {@code email}. */
  public Email {
    value = canonical(value);
  }

  public static Email of(String address) {
    return new Email(address);
  }

  /** The part before the {@code @}. */
  public String localPart() {
    return value.substring(0, value.lastIndexOf('@'));
  }

  /** The part after the {@code @}, in ASCII. */
  public String domain() {
    return value.substring(value.lastIndexOf('@') + 1);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String canonical(String raw) {
    if (raw == null || raw.isBlank()) {
      throw invalid("email is required");
    }
    String text = raw.strip();
    if (text.length() > MAX_LENGTH) {
      throw invalid("email must be at most " + MAX_LENGTH + " characters, was " + text.length());
    }
    int at = text.lastIndexOf('@');
    if (at <= 0 || at == text.length() - 1 || text.indexOf('@') != at) {
      throw invalid("email must have the form local@domain");
    }
    String local =
        Normalizer.normalize(text.substring(0, at), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    if (local.length() > MAX_LOCAL_LENGTH) {
      throw invalid(
          "the part of an email before @ must be at most " + MAX_LOCAL_LENGTH + " characters");
    }
    if (!LOCAL_PART.matcher(local).matches()) {
      throw invalid("the part of an email before @ has characters that are not allowed");
    }
    String domain = asciiDomain(text.substring(at + 1));
    String result = local + "@" + domain;
    if (result.length() > MAX_LENGTH) {
      throw invalid("email must be at most " + MAX_LENGTH + " characters, was " + result.length());
    }
    return result;
  }

  private static String asciiDomain(String domain) {
    String ascii;
    try {
      ascii = IDN.toASCII(domain, 0).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw invalid("the domain of an email is not a valid domain name");
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2) {
      throw invalid("the domain of an email must have at least two labels, like example.com");
    }
    for (String label : labels) {
      if (!DOMAIN_LABEL.matcher(label).matches()) {
        throw invalid("the domain of an email is not a valid domain name");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw invalid("the domain of an email must be a name, not an IP address");
    }
    return ascii;
  }

  private static ValidationException invalid(String message) {
    return new ValidationException("email", message);
  }
}
