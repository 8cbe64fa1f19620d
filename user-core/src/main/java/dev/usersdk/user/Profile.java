package dev.usersdk.user;

import org.jspecify.annotations.Nullable;

/**
 * What a user says about themselves. Every field is optional: {@code null} means "not set" (blank
 * input is stored as {@code null} too). Values are validated and normalised on construction, see
 * {@link ProfileField} for the limits.
 */
public record Profile(
    @Nullable String name,
    @Nullable String company,
    @Nullable String phone,
    @Nullable String telegram,
    @Nullable String pictureUrl) {
  /** A profile with nothing set. */
  public static final Profile EMPTY = new Profile(null, null, null, null, null);

  public Profile {
    name = ProfileField.NAME.normalize(name);
    company = ProfileField.COMPANY.normalize(company);
    phone = ProfileField.PHONE.normalize(phone);
    telegram = ProfileField.TELEGRAM.normalize(telegram);
    pictureUrl = ProfileField.PICTURE_URL.normalize(pictureUrl);
  }

  /** The value of one field, {@code null} when not set. */
  public @Nullable String get(ProfileField field) {
    return switch (field) {
      case NAME -> name;
      case COMPANY -> company;
      case PHONE -> phone;
      case TELEGRAM -> telegram;
      case PICTURE_URL -> pictureUrl;
    };
  }

  /** A copy with one field replaced ({@code null} clears it). */
  public Profile with(ProfileField field, @Nullable String value) {
    return new Profile(
        field == ProfileField.NAME ? value : name,
        field == ProfileField.COMPANY ? value : company,
        field == ProfileField.PHONE ? value : phone,
        field == ProfileField.TELEGRAM ? value : telegram,
        field == ProfileField.PICTURE_URL ? value : pictureUrl);
  }
}
