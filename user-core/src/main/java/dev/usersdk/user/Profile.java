package dev.usersdk.user;

/**
 * What a user says about themselves. Every field is optional: {@code null} means "not set" (blank
 * input is stored as {@code null} too). Values are validated and normalised on construction, see
 * {@link ProfileField} for the limits.
 */
public record Profile(String name, String company, String phone, String telegram, String pictureUrl) {
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
  public String get(ProfileField field) {
    switch (field) {
      case NAME: return name;
      case COMPANY: return company;
      case PHONE: return phone;
      case TELEGRAM: return telegram;
      case PICTURE_URL: return pictureUrl;
      default: throw new AssertionError(field);
    }
  }

  /** A copy with one field replaced ({@code null} clears it). */
  public Profile with(ProfileField field, String value) {
    return new Profile(
        field == ProfileField.NAME ? value : name,
        field == ProfileField.COMPANY ? value : company,
        field == ProfileField.PHONE ? value : phone,
        field == ProfileField.TELEGRAM ? value : telegram,
        field == ProfileField.PICTURE_URL ? value : pictureUrl);
  }
}
