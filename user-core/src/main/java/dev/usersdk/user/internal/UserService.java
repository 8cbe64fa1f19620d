package dev.usersdk.user.internal;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.ForbiddenException;
import dev.usersdk.Page;
import dev.usersdk.ValidationException;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.internal.Audits;
import dev.usersdk.internal.Cursors;
import dev.usersdk.internal.Text;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.UserCriteria;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.ChangePage;
import dev.usersdk.user.Email;
import dev.usersdk.user.ExternalAccountPolicy;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStateException;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.UserSummary;
import dev.usersdk.user.Users;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The implementation of {@link Users}. Not API: reach it through {@code UserClient.users()}. */
public final class UserService implements Users {
  private final Audits audits;
  private final Stores stores;
  private final NewUsers newUsers;
  private final Admins admins;
  private final Privileges privileges;
  private final UserWrites writes;
  private final ExternalUsers external;

  private static final int MAX_FEED_PAGE = 1000;

  public UserService(
      Stores stores, Clock clock, NewUsers newUsers, Privileges privileges, Audits audits) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.audits = Objects.requireNonNull(audits, "audits");
    this.newUsers = Objects.requireNonNull(newUsers, "newUsers");
    this.privileges = Objects.requireNonNull(privileges, "privileges");
    this.admins = privileges.admins();
    this.writes = new UserWrites(stores, Objects.requireNonNull(clock, "clock"));
    this.external = new ExternalUsers(stores, writes, admins, this::create);
  }

  @Override
  public User create(NewUser newUser) {
    Objects.requireNonNull(newUser, "newUser");
    Instant now = writes.now();
    // The user, its account and its opening grant are written together or not at all.
    return stores.inTransaction(tx -> newUsers.insert(tx, newUser, now, false));
  }

  @Override
  public Optional<User> find(UserId id) {
    Objects.requireNonNull(id, "id");
    return stores.inTransaction(tx -> tx.users().findById(id));
  }

  @Override
  public User get(UserId id) {
    return find(id).orElseThrow(() -> new UserNotFoundException(id));
  }

  @Override
  public Optional<User> findByEmail(String email) {
    Email canonical = Email.of(email);
    return stores.inTransaction(tx -> tx.users().findByEmail(canonical));
  }

  @Override
  public Optional<User> findByExternalSubject(AuthProvider provider, String subject) {
    Objects.requireNonNull(provider, "provider");
    String checked = Text.exact("externalSubject", subject, User.MAX_EXTERNAL_SUBJECT_LENGTH);
    return stores.inTransaction(tx -> tx.users().findByExternalSubject(provider, checked));
  }

  @Override
  public User resolveExternal(ExternalIdentity identity, ExternalAccountPolicy policy) {
    return external.resolve(identity, policy);
  }

  @Override
  public Page<User> list(UserQuery query) {
    Objects.requireNonNull(query, "query");
    // One more than asked tells whether a next page exists without a second query.
    UserCriteria criteria =
        new UserCriteria(
            query.status(),
            query.emailPrefix(),
            query.admin(),
            admins.configured(),
            query.afterId(),
            query.limit() + 1);
    List<User> found = stores.inTransaction(tx -> tx.users().list(criteria));
    if (found.size() <= query.limit()) {
      return new Page<>(found, Optional.empty());
    }
    List<User> page = found.subList(0, query.limit());
    return new Page<>(page, Optional.of(Cursors.encode(page.get(page.size() - 1).id().value())));
  }

  @Override
  public User updateProfile(UserId id, ProfileUpdate update) {
    Objects.requireNonNull(update, "update");
    if (update.expectedVersion().isPresent()) {
      long expected = update.expectedVersion().getAsLong();
      return writes.change(
          id,
          current -> {
            if (current.version() != expected) {
              throw new ConcurrentUpdateException(
                  "user " + id + " is at version " + current.version() + ", not " + expected);
            }
            return withProfile(current, update);
          },
          true);
    }
    return writes.change(id, current -> withProfile(current, update), false);
  }

  @Override
  public User approve(UserId id, UserId approvedBy) {
    Objects.requireNonNull(approvedBy, "approvedBy");
    // Read in the same transaction, before the user: approving is a privileged act (like an
    // adjustment), and an approver who is not there or may not approve changes nothing.
    boolean[] approverMay = new boolean[1];
    return writes.change(
        id,
        current -> {
          if (current.status() == UserStatus.DISABLED) {
            throw new UserStateException(
                UserStatus.DISABLED, "user " + id + " is disabled; enable it before approving");
          }
          if (!approverMay[0]) {
            throw new ForbiddenException(
                "only admins or holders of " + Permissions.USERS_APPROVE + " may approve users");
          }
          if (current.status() == UserStatus.APPROVED) {
            return current;
          }
          Instant now = writes.now();
          return UserWrites.next(current, now)
              .status(UserStatus.APPROVED)
              .approvedAt(now)
              .approvedBy(approvedBy)
              .build();
        },
        false,
        tx -> {
          User approver =
              tx.users()
                  .findById(approvedBy)
                  .orElseThrow(() -> new UserNotFoundException(approvedBy));
          approverMay[0] = privileges.holds(tx, approver, Permissions.USERS_APPROVE);
        },
        (tx, approved) -> audited(tx, approvedBy, id, AuditAction.APPROVE));
  }

  @Deprecated
  @Override
  public User disable(UserId id) {
    return disable(id, null, "disable users");
  }

  @Override
  public User disable(UserId id, UserId actor) {
    return disable(id, Objects.requireNonNull(actor, "actor"), "disable users");
  }

  private User disable(UserId id, @Nullable UserId actor, String act) {
    Instant now = writes.now();
    // Disabling ends every session in the same transaction: re-enabling must not revive old tokens.
    return writes.change(
        id,
        current ->
            current.status() == UserStatus.DISABLED
                ? current
                : UserWrites.next(current, now).status(UserStatus.DISABLED).build(),
        false,
        require(actor, id, Permissions.USERS_DISABLE, act),
        (tx, disabled) -> {
          tx.auth().revokeSessionsOf(id, now);
          audited(tx, actor, id, AuditAction.DISABLE);
        });
  }

  @Deprecated
  @Override
  public User enable(UserId id) {
    return enableBy(id, null);
  }

  @Override
  public User enable(UserId id, UserId actor) {
    return enableBy(id, Objects.requireNonNull(actor, "actor"));
  }

  private User enableBy(UserId id, @Nullable UserId actor) {
    return writes.change(
        id,
        current -> {
          if (current.status() != UserStatus.DISABLED) {
            return current;
          }
          UserStatus restored =
              current.approvedAt().isPresent() ? UserStatus.APPROVED : UserStatus.PENDING;
          return UserWrites.next(current, writes.now()).status(restored).build();
        },
        false,
        require(actor, id, Permissions.USERS_DISABLE, "enable users"),
        (tx, enabled) -> audited(tx, actor, id, AuditAction.ENABLE));
  }

  @Deprecated
  @Override
  public User setAdmin(UserId id, boolean admin) {
    return setAdminBy(id, admin, null);
  }

  @Override
  public User setAdmin(UserId id, boolean admin, UserId actor) {
    return setAdminBy(id, admin, Objects.requireNonNull(actor, "actor"));
  }

  private User setAdminBy(UserId id, boolean admin, @Nullable UserId actor) {
    return writes.change(
        id,
        current ->
            current.admin() == admin
                ? current
                : UserWrites.next(current, writes.now()).admin(admin).build(),
        false,
        actor == null
            ? tx -> {}
            : tx -> privileges.requireAdmin(tx, actor, "change who is an admin"),
        (tx, changed) ->
            audited(tx, actor, id, admin ? AuditAction.SET_ADMIN : AuditAction.UNSET_ADMIN));
  }

  @Deprecated
  @Override
  public void delete(UserId id) {
    deleteBy(id, null);
  }

  @Override
  public void delete(UserId id, UserId actor) {
    deleteBy(id, Objects.requireNonNull(actor, "actor"));
  }

  private void deleteBy(UserId id, @Nullable UserId actor) {
    Objects.requireNonNull(id, "id");
    boolean deleted =
        stores.inTransaction(
            tx -> {
              require(actor, id, Permissions.USERS_DELETE, "delete users").accept(tx);
              Optional<User> current = tx.users().findByIdForUpdate(id);
              if (current.isEmpty() || !tx.users().delete(id)) {
                return false;
              }
              // Past the last version, as the user.deleted event: it outranks every update.
              tx.users().recordDeletion(id, current.get().version() + 1, writes.now());
              audited(tx, actor, id, AuditAction.DELETE);
              return true;
            });
    if (!deleted) {
      throw new UserNotFoundException(id);
    }
  }

  /**
   * Checks, in the act's transaction, that {@code actor} holds {@code permission} (admins hold all)
   * and, unless an admin, that the subject is not one; no check for the variants called without an
   * actor.
   */
  private Consumer<StoreTransaction> require(
      @Nullable UserId actor, UserId subject, String permission, String act) {
    if (actor == null) {
      return tx -> {};
    }
    return tx -> privileges.require(tx, actor, subject, permission, act);
  }

  private void audited(
      StoreTransaction tx, @Nullable UserId actor, UserId subject, AuditAction action) {
    audits.record(tx, actor, subject, action, Map.of(), writes.now());
  }

  @Override
  public UserSummary summary() {
    UserSummary summary = UserSummary.EMPTY;
    Optional<UserId> after = Optional.empty();
    while (true) {
      UserCriteria page =
          new UserCriteria(
              Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), after, MAX_FEED_PAGE);
      List<User> users = stores.read(tx -> tx.users().list(page));
      for (User user : users) {
        summary = summary.plus(user.id(), user.version());
      }
      if (users.size() < MAX_FEED_PAGE) {
        return summary;
      }
      after = Optional.of(users.get(users.size() - 1).id());
    }
  }

  @Override
  public ChangePage changes(@Nullable String cursor, int limit) {
    if (limit < 1 || limit > MAX_FEED_PAGE) {
      throw new ValidationException("limit", "limit must be between 1 and " + MAX_FEED_PAGE);
    }
    Cursors.Position after =
        cursor == null ? Cursors.Position.START : Cursors.decodePosition(cursor);
    Instant until = writes.now().minus(FEED_SETTLE);
    List<UserChange> changes =
        stores.read(tx -> tx.users().changes(after.time(), UserId.of(after.id()), until, limit));
    Cursors.Position last =
        changes.isEmpty()
            ? after
            : new Cursors.Position(
                changes.get(changes.size() - 1).changedAt(),
                changes.get(changes.size() - 1).userId().value());
    return new ChangePage(changes, Cursors.encode(last), changes.size() == limit);
  }

  @Override
  public boolean isAdmin(User user) {
    return admins.isAdmin(user);
  }

  @Override
  public User withAdminFlag(User user) {
    return admins.withAdminFlag(user);
  }

  private User withProfile(User current, ProfileUpdate update) {
    var profile = update.applyTo(current.profile());
    return profile.equals(current.profile())
        ? current
        : UserWrites.next(current, writes.now()).profile(profile).build();
  }
}
