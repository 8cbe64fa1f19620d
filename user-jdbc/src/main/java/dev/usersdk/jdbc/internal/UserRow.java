package dev.usersdk.jdbc.internal;

import dev.usersdk.user.User;
import java.time.Instant;
import java.util.UUID;

/** A {@link User} flattened into column values, bound by name in {@link UserDao}. */
public record UserRow(
    UUID id,
    String email,
    String status,
    boolean admin,
    String name,
    String company,
    String phone,
    String telegram,
    String pictureUrl,
    String authProvider,
    String externalSubject,
    boolean emailVerified,
    Instant createdAt,
    Instant updatedAt,
    Instant approvedAt,
    UUID approvedBy,
    Instant passwordChangedAt,
    Instant lastLoginAt,
    long version) {

  public static UserRow of(User user) {
    return new UserRow(
        user.id().value(),
        user.email().map(Object::toString).orElse(null),
        user.status().name(),
        user.admin(),
        user.profile().name(),
        user.profile().company(),
        user.profile().phone(),
        user.profile().telegram(),
        user.profile().pictureUrl(),
        user.authProvider().name(),
        user.externalSubject().orElse(null),
        user.emailVerified(),
        user.createdAt(),
        user.updatedAt(),
        user.approvedAt().orElse(null),
        user.approvedBy().map(id -> id.value()).orElse(null),
        user.passwordChangedAt().orElse(null),
        user.lastLoginAt().orElse(null),
        user.version());
  }
}
