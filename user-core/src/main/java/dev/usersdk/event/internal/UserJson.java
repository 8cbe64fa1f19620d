package dev.usersdk.event.internal;

import dev.usersdk.ValidationException;
import dev.usersdk.event.EventFormatException;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;

/**
 * A user as events and the change feed carry it: what another service may mirror (never a secret,
 * nor the external subject). One writer and one reader for both. Not API.
 */
public final class UserJson {
  private UserJson() {}

  /** Writes {@code user} as the object {@code name}: what another service may mirror. */
  public static JsonWriter write(JsonWriter json, String name, User user) {
    Profile profile = user.profile();
    return json.object(name)
        .field("id", user.id().value().toString())
        .field("email", user.email().map(e -> e.value()).orElse(null))
        .field("email_verified", user.emailVerified())
        .field("status", user.status().name())
        .field("admin", user.admin())
        .object("profile")
        .field("name", profile.name())
        .field("company", profile.company())
        .field("phone", profile.phone())
        .field("telegram", profile.telegram())
        .field("picture_url", profile.pictureUrl())
        .end()
        .field("auth_provider", user.authProvider().name())
        .field("created_at", user.createdAt())
        .field("updated_at", user.updatedAt())
        .field("approved_at", user.approvedAt().orElse(null))
        .field("approved_by", user.approvedBy().map(id -> id.value().toString()).orElse(null))
        .field("password_changed_at", user.passwordChangedAt().orElse(null))
        .field("last_login_at", user.lastLoginAt().orElse(null))
        .field("version", user.version())
        .end();
  }

  /**
   * Reads a user object as {@link #write} writes it.
   *
   * @throws EventFormatException naming the first field that is missing or ill-typed
   */
  public static User read(Fields user) {
    Fields profile = user.object("profile");
    String email = user.optionalText("email");
    String approvedBy = user.optionalText("approved_by");
    try {
      return User.builder(UserId.of(user.uuid("id")))
          .email(email == null ? null : Email.of(email))
          .emailVerified(user.bool("email_verified"))
          .status(user.status("status"))
          .admin(user.bool("admin"))
          .profile(
              new Profile(
                  profile.optionalText("name"),
                  profile.optionalText("company"),
                  profile.optionalText("phone"),
                  profile.optionalText("telegram"),
                  profile.optionalText("picture_url")))
          .authProvider(AuthProvider.of(user.text("auth_provider")))
          .createdAt(user.instant("created_at"))
          .updatedAt(user.instant("updated_at"))
          .approvedAt(user.optionalInstant("approved_at"))
          .approvedBy(approvedBy == null ? null : UserId.of(Fields.uuid(approvedBy, "approved_by")))
          .passwordChangedAt(user.optionalInstant("password_changed_at"))
          .lastLoginAt(user.optionalInstant("last_login_at"))
          .version(user.number("version"))
          .build();
    } catch (ValidationException e) {
      throw new EventFormatException("the event's user does not validate: " + e.getMessage());
    }
  }
}
