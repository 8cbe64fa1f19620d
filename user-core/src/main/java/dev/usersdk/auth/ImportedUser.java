package dev.usersdk.auth;

import dev.usersdk.ledger.Credits;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user moved in from another system, as it was there: its id, creation time, status, admin flag,
 * verified email, password hash (a PHC string, bcrypt {@code $2a$/$2b$/$2y$}, passlib or Django
 * PBKDF2 — verified as it is and upgraded on the next login) and balance. Values are validated when
 * given; the hash never prints.
 *
 * <pre>{@code
 * ImportedUser.of(UserId.parse(row.id()), row.createdAt()).email(row.email()).emailVerified(true)
 *     .passwordHash(row.hash()).balance(Credits.of(row.credits()))
 * }</pre>
 */
public record ImportedUser(
    UserId id,
    Instant createdAt,
    Optional<Email> email,
    Profile profile,
    UserStatus status,
    boolean admin,
    boolean emailVerified,
    Optional<String> passwordHash,
    Credits balance) {
  public ImportedUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(balance, "balance");
  }

  /** An approved user without email, password or balance, created at {@code createdAt}. */
  public static ImportedUser of(UserId id, Instant createdAt) {
    return new ImportedUser(
        id,
        createdAt,
        Optional.empty(),
        Profile.EMPTY,
        UserStatus.APPROVED,
        false,
        false,
        Optional.empty(),
        Credits.ZERO);
  }

  /**
   * This user with its email.
   *
   * @throws dev.usersdk.ValidationException if it is not an email address
   */
  public ImportedUser email(String value) {
    return new ImportedUser(
        id,
        createdAt,
        Optional.of(Email.of(value)),
        profile,
        status,
        admin,
        emailVerified,
        passwordHash,
        balance);
  }

  /**
   * This user with its display name.
   *
   * @throws dev.usersdk.ValidationException if it is too long for a profile name
   */
  public ImportedUser name(@Nullable String value) {
    return new ImportedUser(
        id,
        createdAt,
        email,
        profile.with(ProfileField.NAME, value),
        status,
        admin,
        emailVerified,
        passwordHash,
        balance);
  }

  public ImportedUser status(UserStatus value) {
    return new ImportedUser(
        id, createdAt, email, profile, value, admin, emailVerified, passwordHash, balance);
  }

  public ImportedUser admin(boolean value) {
    return new ImportedUser(
        id, createdAt, email, profile, status, value, emailVerified, passwordHash, balance);
  }

  public ImportedUser emailVerified(boolean value) {
    return new ImportedUser(
        id, createdAt, email, profile, status, admin, value, passwordHash, balance);
  }

  /** The existing hash, in one of the formats the client's hasher verifies. */
  public ImportedUser passwordHash(String value) {
    return new ImportedUser(
        id,
        createdAt,
        email,
        profile,
        status,
        admin,
        emailVerified,
        Optional.of(Objects.requireNonNull(value, "passwordHash")),
        balance);
  }

  /**
   * This user with its balance, the first entry of its history.
   *
   * @throws dev.usersdk.ValidationException if it is negative
   */
  public ImportedUser balance(Credits value) {
    if (value.isNegative()) {
      throw new dev.usersdk.ValidationException(
          "balance", "an imported balance must not be negative");
    }
    return new ImportedUser(
        id, createdAt, email, profile, status, admin, emailVerified, passwordHash, value);
  }

  /** Names the user, never the hash. */
  @Override
  public String toString() {
    return "ImportedUser[id="
        + id
        + ", createdAt="
        + createdAt
        + ", status="
        + status
        + ", admin="
        + admin
        + ", passwordHash="
        + (passwordHash.isPresent() ? "(set)" : "none")
        + ", balance="
        + balance
        + "]";
  }
}
