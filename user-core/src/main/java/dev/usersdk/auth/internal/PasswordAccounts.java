package dev.usersdk.auth.internal;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.auth.password.Password;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.internal.NewUsers;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users with a password: created with one, given one, or given a new one. Every password change
 * goes through {@link #replacePassword}, so each means the same thing.
 */
final class PasswordAccounts {
  private static final Logger log = LoggerFactory.getLogger(PasswordAccounts.class);

  private final Stores stores;
  private final Clock clock;
  private final NewUsers newUsers;
  private final Passwords passwords;
  private final Optional<UserId> legacyOwnerId;

  PasswordAccounts(
      Stores stores,
      Clock clock,
      NewUsers newUsers,
      Passwords passwords,
      Optional<UserId> legacyOwnerId) {
    this.stores = stores;
    this.clock = clock;
    this.newUsers = newUsers;
    this.passwords = passwords;
    this.legacyOwnerId = legacyOwnerId;
  }

  /**
   * @throws dev.usersdk.auth.password.WeakPasswordException if the policy refuses it
   */
  void requireAcceptable(Password password) {
    passwords.requireAcceptable(password);
  }

  String hash(Password password) {
    return passwords.hash(password);
  }

  /** The admin or import path: a user with a password, no code. */
  User create(NewUser newUser, Password password) {
    Objects.requireNonNull(newUser, "newUser");
    passwords.requireAcceptable(password);
    String hash = passwords.hash(password);
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(tx -> insert(tx, newUser, hash, now));
  }

  /** A new user and its credentials, in the caller's transaction. */
  User insert(StoreTransaction tx, NewUser newUser, String hash, Instant now) {
    User user = newUsers.insert(tx, newUser, now, true);
    tx.auth().saveCredentials(StoredCredentials.of(user.id(), hash, now));
    return user;
  }

  /** The admin path: sets a user's password; ends all its sessions and clears the lockout. */
  void setPassword(UserId userId, Password password) {
    Objects.requireNonNull(userId, "userId");
    passwords.requireAcceptable(password);
    String hash = passwords.hash(password);
    Instant now = Timestamps.now(clock);
    stores.inTransaction(
        tx -> {
          replacePassword(tx, userId, hash, now);
          return null;
        });
  }

  /**
   * New hash, clean lockout, no sessions, no pending resets or second-factor challenges: what every
   * password change means.
   */
  User replacePassword(StoreTransaction tx, UserId userId, String hash, Instant now) {
    User user =
        tx.users().findByIdForUpdate(userId).orElseThrow(() -> new UserNotFoundException(userId));
    User updated =
        user.toBuilder().passwordChangedAt(now).updatedAt(now).version(user.version() + 1).build();
    writeLocked(tx, updated, user);
    tx.auth().saveCredentials(StoredCredentials.of(userId, hash, now));
    tx.auth().revokeSessionsOf(userId, now);
    tx.auth().deleteResetTokensOf(userId);
    tx.secondFactors().deleteChallengesOf(userId); // sign-ins begun with the old password
    return updated;
  }

  /** The configured legacy owner takes the first confirmed registration if it has no email yet. */
  Optional<User> claimLegacyOwner(StoreTransaction tx, PendingRegistration pending, Instant now) {
    if (legacyOwnerId.isEmpty()) {
      return Optional.empty();
    }
    UserId ownerId = legacyOwnerId.get();
    Optional<User> owner = tx.users().findByIdForUpdate(ownerId);
    if (owner.isEmpty() || owner.get().email().isPresent()) {
      return Optional.empty();
    }
    User current = owner.get();
    User.Builder claimed =
        current.toBuilder()
            .email(pending.email())
            .emailVerified(true)
            .passwordChangedAt(now)
            .updatedAt(now)
            .version(current.version() + 1);
    if (current.profile().name() == null && pending.name().isPresent()) {
      claimed.profile(current.profile().with(ProfileField.NAME, pending.name().get()));
    }
    User updated = claimed.build();
    writeLocked(tx, updated, current);
    log.info("registration attached to the legacy owner {}", ownerId);
    return Optional.of(updated);
  }

  /**
   * Records a user's last login, under the row lock taken in the same transaction. A new version is
   * a change like any other: {@code updated_at} moves with it, or the change feed (ordered by it)
   * would never show the login to a mirror that missed its event.
   */
  static void recordLogin(StoreTransaction tx, User user, Instant now) {
    writeLocked(
        tx,
        user.toBuilder().lastLoginAt(now).updatedAt(now).version(user.version() + 1).build(),
        user);
  }

  /** Marks the email of a user read under its row lock verified; returns the user written. */
  static User markEmailVerified(StoreTransaction tx, User user, Instant now) {
    User verified =
        user.toBuilder().emailVerified(true).updatedAt(now).version(user.version() + 1).build();
    writeLocked(tx, verified, user);
    return verified;
  }

  /**
   * Writes a user read with {@code findByIdForUpdate} in the same transaction. The row lock makes a
   * lost race impossible on a conforming store; a failure means the store broke its contract.
   */
  static void writeLocked(StoreTransaction tx, User updated, User read) {
    if (!tx.users().update(updated, read.version())) {
      throw new ConcurrentUpdateException("user " + read.id() + " changed concurrently; try again");
    }
  }
}
