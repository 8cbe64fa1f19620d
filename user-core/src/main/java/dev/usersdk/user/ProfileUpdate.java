package dev.usersdk.user;

import dev.usersdk.ValidationException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A change to some profile fields, for {@link Users#updateProfile}. Fields not mentioned keep their
 * value; a field set to {@code null} (or blank) is cleared. Immutable: every method returns a copy.
 *
 * <pre>{@code
 * ProfileUpdate.of().name("Ann Lee").phone(null).expectVersion(user.version())
 * ProfileUpdate.fromMap(jsonBody)   // refuses "status", "admin", "email", "balance", ...
 * }</pre>
 *
 * <p>Only profile fields can be changed this way. Service fields (status, admin, balance, email,
 * credentials, ...) have their own operations; naming one here is a {@link ValidationException}
 * that says which operation to use.
 */
public final class ProfileUpdate {
  /** Service fields a host may find in a request body, with the operation that changes each. */
  private static final Map<String, String> SERVICE_FIELDS = serviceFields();

  private final Map<ProfileField, Optional<String>> changes;
  private final Long expectedVersion;

  private ProfileUpdate(Map<ProfileField, Optional<String>> changes, Long expectedVersion) {
    this.changes = changes;
    this.expectedVersion = expectedVersion;
  }

  /** An update that changes nothing yet. */
  public static ProfileUpdate of() {
    return new ProfileUpdate(Collections.emptyMap(), null);
  }

  /**
   * Reads an update from a map such as a parsed JSON body. Keys are {@link ProfileField#key()}s;
   * values are strings or {@code null} (clear). A service field, an unknown key or a value that is
   * not a string is refused with a {@link ValidationException} naming the key; nothing is applied.
   */
  public static ProfileUpdate fromMap(Map<String, ?> fields) {
    ProfileUpdate update = of();
    for (Map.Entry<String, ?> entry : fields.entrySet()) {
      String key = String.valueOf(entry.getKey());
      String operation = SERVICE_FIELDS.get(key);
      if (operation != null) {
        throw new ValidationException(
            key,
            key + " is a service field and cannot be changed through updateProfile; " + operation);
      }
      ProfileField field =
          ProfileField.forKey(key)
              .orElseThrow(
                  () ->
                      new ValidationException(
                          key,
                          key
                              + " is not a profile field; profile fields are "
                              + "name, company, phone, telegram and picture_url"));
      Object value = entry.getValue();
      if (value != null && !(value instanceof String)) {
        throw new ValidationException(key, key + " must be a string or null");
      }
      update = update.set(field, (String) value);
    }
    return update;
  }

  /** Sets one field; {@code null} or blank clears it. Validated now. */
  public ProfileUpdate set(ProfileField field, String value) {
    Map<ProfileField, Optional<String>> next = new EnumMap<>(ProfileField.class);
    next.putAll(changes);
    next.put(field, Optional.ofNullable(field.normalize(value)));
    return new ProfileUpdate(Collections.unmodifiableMap(next), expectedVersion);
  }

  public ProfileUpdate name(@Nullable String name) {
    return set(ProfileField.NAME, name);
  }

  public ProfileUpdate company(String company) {
    return set(ProfileField.COMPANY, company);
  }

  public ProfileUpdate phone(String phone) {
    return set(ProfileField.PHONE, phone);
  }

  public ProfileUpdate telegram(String telegram) {
    return set(ProfileField.TELEGRAM, telegram);
  }

  public ProfileUpdate pictureUrl(String pictureUrl) {
    return set(ProfileField.PICTURE_URL, pictureUrl);
  }

  /**
   * Applies the update only if the user is still at this version; otherwise {@link
   * dev.usersdk.ConcurrentUpdateException}. Without it, the update applies to whatever the current
   * version is (fields it does not mention are never overwritten).
   */
  public ProfileUpdate expectVersion(long version) {
    return new ProfileUpdate(changes, version);
  }

  /** The fields this update changes. */
  public Set<ProfileField> fields() {
    return changes.keySet();
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public OptionalLong expectedVersion() {
    return expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
  }

  /** The profile with this update applied. */
  public Profile applyTo(Profile profile) {
    Profile result = profile;
    for (Map.Entry<ProfileField, Optional<String>> change : changes.entrySet()) {
      result = result.with(change.getKey(), change.getValue().orElse(null));
    }
    return result;
  }

  @Override
  public String toString() {
    return "ProfileUpdate[fields="
        + changes.keySet()
        + ", expectedVersion="
        + expectedVersion
        + "]";
  }

  private static Map<String, String> serviceFields() {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String key :
        new String[] {"status", "approved_at", "approvedAt", "approved_by", "approvedBy"}) {
      fields.put(key, "use approve, disable or enable");
    }
    for (String key : new String[] {"admin", "is_admin", "isAdmin"}) {
      fields.put(key, "use setAdmin");
    }
    for (String key : new String[] {"balance", "credits"}) {
      fields.put(key, "balances change only through the ledger");
    }
    for (String key : new String[] {"email", "email_verified", "emailVerified"}) {
      fields.put(key, "the email changes only through its own verified flow");
    }
    for (String key :
        new String[] {
          "password",
          "password_hash",
          "passwordHash",
          "credentials",
          "password_changed_at",
          "passwordChangedAt"
        }) {
      fields.put(key, "credentials change only through the auth flows");
    }
    for (String key :
        new String[] {
          "id",
          "auth_provider",
          "authProvider",
          "external_subject",
          "externalSubject",
          "created_at",
          "createdAt",
          "updated_at",
          "updatedAt",
          "last_login_at",
          "lastLoginAt",
          "version"
        }) {
      fields.put(key, "it is maintained by usersdk");
    }
    return Map.copyOf(fields);
  }
}
