package dev.usersdk.user.internal;

import dev.usersdk.UserSdkConfig;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.internal.Accounts;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.time.Instant;

/** Writes a new user with its opening balance: the one way a user comes into being. */
public final class NewUsers {
  private final UserSdkConfig config;
  private final UuidV7 ids;

  public NewUsers(UserSdkConfig config, UuidV7 ids) {
    this.config = config;
    this.ids = ids;
  }

  /**
   * Writes a new user and its opening balance in the caller's transaction, for flows that create a
   * user together with something else (a registration with its credentials).
   *
   * @param withPassword whether the flow sets a password in the same transaction
   */
  /**
   * Writes a user as another system had it (its own id and times) and opens its account with the
   * imported balance, in the caller's transaction.
   */
  public void insertImported(StoreTransaction tx, User user, Credits balance, Instant now) {
    tx.users().insert(user);
    Accounts.open(tx, user.id(), balance, now, ids, "imported balance");
  }

  public User insert(StoreTransaction tx, NewUser newUser, Instant now, boolean withPassword) {
    UserStatus status =
        newUser
            .status()
            .orElse(config.requireApproval() ? UserStatus.PENDING : UserStatus.APPROVED);
    User user =
        User.builder(new UserId(ids.next(now)))
            .email(newUser.email().orElse(null))
            .status(status)
            .admin(newUser.admin())
            .profile(newUser.profile())
            .authProvider(newUser.authProvider())
            .externalSubject(newUser.externalSubject().orElse(null))
            .emailVerified(newUser.emailVerified())
            .createdAt(now)
            .updatedAt(now)
            .approvedAt(status == UserStatus.APPROVED ? now : null)
            .passwordChangedAt(withPassword ? now : null)
            .version(1)
            .build();
    tx.users().insert(user);
    Accounts.open(tx, user.id(), config.defaultBalance(), now, ids);
    return user;
  }
}
