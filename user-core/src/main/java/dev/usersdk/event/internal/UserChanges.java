package dev.usersdk.event.internal;

import dev.usersdk.event.EventMeta;
import dev.usersdk.event.UserEvent;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which one event a committed change of a user is: the most specific that describes it (a status,
 * the admin flag, a changed or verified email, a new password), else {@code user.updated} naming
 * the fields that changed. Every event carries the whole user (a deletion excepted), so a mirror
 * that keeps the newest version it has seen misses nothing, whatever order they arrive in.
 */
final class UserChanges {
  private UserChanges() {}

  static Function<EventMeta, UserEvent> of(User before, User after) {
    List<String> changed = changedFields(before, after);
    if (before.status() != after.status()) {
      return meta -> new UserEvent.StatusChanged(meta, after, before.status(), after.status());
    }
    if (before.admin() != after.admin()) {
      return meta -> new UserEvent.AdminChanged(meta, after);
    }
    if (changed.contains("email")
        && List.of("email", "email_verified").containsAll(changed)
        && after.email().isPresent()) {
      return meta -> new UserEvent.EmailChanged(meta, after);
    }
    if (changed.equals(List.of("email_verified")) && after.emailVerified()) {
      return meta -> new UserEvent.EmailVerified(meta, after);
    }
    if (changed.equals(List.of("password_changed_at")) && after.passwordChangedAt().isPresent()) {
      return meta -> new UserEvent.PasswordChanged(meta, after);
    }
    return meta -> new UserEvent.Updated(meta, after, changed);
  }

  /** The payload names of the fields that differ (not the version and update time). */
  static List<String> changedFields(User before, User after) {
    List<String> changed = new ArrayList<>();
    add(changed, "email", before.email(), after.email());
    add(changed, "email_verified", before.emailVerified(), after.emailVerified());
    add(changed, "status", before.status(), after.status());
    add(changed, "admin", before.admin(), after.admin());
    Profile a = before.profile();
    Profile b = after.profile();
    add(changed, "profile.name", a.name(), b.name());
    add(changed, "profile.company", a.company(), b.company());
    add(changed, "profile.phone", a.phone(), b.phone());
    add(changed, "profile.telegram", a.telegram(), b.telegram());
    add(changed, "profile.picture_url", a.pictureUrl(), b.pictureUrl());
    add(changed, "auth_provider", before.authProvider(), after.authProvider());
    add(changed, "approved_at", before.approvedAt(), after.approvedAt());
    add(changed, "approved_by", before.approvedBy(), after.approvedBy());
    add(changed, "password_changed_at", before.passwordChangedAt(), after.passwordChangedAt());
    add(changed, "last_login_at", before.lastLoginAt(), after.lastLoginAt());
    return changed;
  }

  private static void add(
      List<String> changed, String name, @Nullable Object before, @Nullable Object after) {
    if (!Objects.equals(before, after)) {
      changed.add(name);
    }
  }
}
