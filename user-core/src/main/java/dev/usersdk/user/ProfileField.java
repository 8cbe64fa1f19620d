package dev.usersdk.user;

import dev.usersdk.ValidationException;
import dev.usersdk.internal.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a {@link Profile}: the only user fields a user (or a host on the user's behalf) may
 * change freely through {@link Users#updateProfile}. Each knows its limits.
 */
public enum ProfileField {
  /** A display name, at most 200 characters. */
  NAME("name", 200),
  /** A company or organisation, at most 200 characters. */
  COMPANY("company", 200),
  /** A phone number: digits with an optional leading {@code +} and {@code ( ) . - /} or spaces. */
  PHONE("phone", 32),
  /** A Telegram username, 5 to 32 letters, digits or {@code _}; a leading {@code @} is dropped. */
  TELEGRAM("telegram", 33),
  /** An absolute {@code http} or {@code https} URL of a picture, at most 2048 characters. */
  PICTURE_URL("picture_url", 2048);

  private static final Pattern PHONE_PATTERN = Pattern.compile("\\+?[0-9 ()./-]+");
  private static final Pattern TELEGRAM_PATTERN = Pattern.compile("[A-Za-z0-9_]{5,32}");

  private final String key;
  private final int maxLength;

  ProfileField(String key, int maxLength) {
    this.key = key;
    this.maxLength = maxLength;
  }

  /** The field's name in maps and JSON bodies, e.g. {@code "picture_url"}. */
  public String key() {
    return key;
  }

  /** The field with this key; {@code pictureUrl} is accepted as well as {@code picture_url}. */
  public static Optional<ProfileField> forKey(String key) {
    for (ProfileField field : values()) {
      if (field.key.equals(key) || field.camelKey().equals(key)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /**
   * Validates and normalises a value for this field; {@code null} or blank means "not set".
   *
   * @throws ValidationException naming this field
   */
  @Nullable String normalize(@Nullable String value) {
    String text = Text.optional(key, value, maxLength);
    if (text == null) {
      return null;
    }
    return switch (this) {
      case PHONE -> checkedPhone(text);
      case TELEGRAM -> checkedTelegram(text);
      case PICTURE_URL -> checkedUrl(text);
      case NAME, COMPANY -> text;
    };
  }

  private String checkedPhone(String text) {
    if (!PHONE_PATTERN.matcher(text).matches()
        || text.chars().filter(Character::isDigit).count() < 3) {
      throw new ValidationException(
          key, "phone must be digits, optionally with a leading + and ( ) . - / or spaces");
    }
    return text;
  }

  private String checkedTelegram(String text) {
    String handle = text.startsWith("@") ? text.substring(1) : text;
    if (!TELEGRAM_PATTERN.matcher(handle).matches()) {
      throw new ValidationException(key, "telegram must be 5 to 32 letters, digits or _");
    }
    return handle;
  }

  private String checkedUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute()
          || !(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null) {
        throw new ValidationException(key, "picture_url must be an absolute http or https URL");
      }
      return text;
    } catch (URISyntaxException e) {
      throw new ValidationException(key, "picture_url must be an absolute http or https URL");
    }
  }

  private String camelKey() {
    return this == PICTURE_URL ? "pictureUrl" : key;
  }
}
