package dev.usersdk.internal;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.Page;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.UserCriteria;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import dev.usersdk.user.Email;
import dev.usersdk.user.ExternalAccountPolicy;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Profile;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStateException;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.Users;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link Users}. Not API: reach it through {@code UserClient.users()}. */
public final class UserService implements Users {
  private static final Logger log = LoggerFactory.getLogger(UserService.class);
  /**
   * How often a blind (version-less) change is re-applied after losing a race. Each loss means
   * another writer succeeded, so the system as a whole made progress; the bound only protects
   * against a pathological hot row.
   */
  private static final int MAX_ATTEMPTS = 16;

  private final Stores stores;
  private final UserSdkConfig config;
  private final Clock clock;
  private final UuidV7 ids;

  public UserService(Stores stores, UserSdkConfig config, Clock clock, UuidV7 ids) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  @Override
  public User create(NewUser newUser) {
    Objects.requireNonNull(newUser, "newUser");
    Instant now = now();
    // The user, its account and its opening grant are written together or not at all.
    return stores.inTransaction(tx -> insertNew(tx, newUser, now, false));
  }

  /**
   * Writes a new user and its opening balance in the caller's transaction: for flows that create a
   * user together with something else (a registration with its credentials).
   *
   * @param withPassword whether the flow sets a password in the same transaction
   */
  public User insertNew(StoreTransaction tx, NewUser newUser, Instant now, boolean withPassword) {
    UserStatus status = newUser.status()
        .orElse(config.requireApproval() ? UserStatus.PENDING : UserStatus.APPROVED);
    User user = User.builder(new UserId(ids.next(now)))
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
    LedgerService.openAccount(tx, user.id(), config.defaultBalance(), now, ids);
    return user;
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
    String checked = Text.required("externalSubject", subject, User.MAX_EXTERNAL_SUBJECT_LENGTH);
    return stores.inTransaction(tx -> tx.users().findByExternalSubject(provider, checked));
  }

  @Override
  public User resolveExternal(ExternalIdentity identity, ExternalAccountPolicy policy) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(policy, "policy");
    // The steady state is one read: a known subject whose fields have not changed.
    Optional<User> known = stores.read(tx -> tx.users().findByExternalSubject(identity.provider(), identity.subject()));
    if (known.isPresent()) {
      try {
        return inStep(known.get(), identity);
      } catch (UserNotFoundException deletedMeanwhile) {
        // fall through: a first sign-in again
      }
    }
    if (policy.linkVerifiedEmail() && identity.emailVerified() && identity.email().isPresent()) {
      try {
        Optional<User> linked = link(identity);
        if (linked.isPresent()) {
          return linked.get();
        }
      } catch (DuplicateExternalSubjectException lostRace) {
        return winnerOf(identity, lostRace); // a concurrent first sign-in created the subject's user
      }
    }
    NewUser newUser = NewUser.external(identity.provider(), identity.subject())
        .profile(Profile.EMPTY.with(ProfileField.NAME, identity.name().orElse(null))
            .with(ProfileField.PICTURE_URL, identity.pictureUrl().orElse(null)))
        .emailVerified(identity.emailVerified());
    if (policy.initialStatus().isPresent()) {
      newUser = newUser.status(policy.initialStatus().get());
    }
    try {
      return create(identity.email().map(newUser::email).orElse(newUser));
    } catch (DuplicateExternalSubjectException lostRace) {
      return winnerOf(identity, lostRace);
    } catch (DuplicateEmailException emailTaken) {
      // Another account has this email (or a concurrent first sign-in of this subject took it).
      try {
        return create(newUser.emailVerified(false));
      } catch (DuplicateExternalSubjectException lostRace) {
        return winnerOf(identity, lostRace);
      }
    }
  }

  /** The user a concurrent first sign-in created. */
  private User winnerOf(ExternalIdentity identity, DuplicateExternalSubjectException lostRace) {
    User winner = findByExternalSubject(identity.provider(), identity.subject()).orElseThrow(() -> lostRace);
    return inStep(winner, identity);
  }

  /**
   * The stored user updated with what the provider now says, written only if something differs.
   * An email that another account owns is left out up front (one read, only when the email
   * differs), so a user whose provider email is taken does not try, and fail, a write per sign-in.
   */
  private User inStep(User stored, ExternalIdentity identity) {
    boolean withEmail = identity.email().isEmpty() || identity.email().equals(stored.email())
        || emailIsFreeFor(identity.email().get(), stored.id());
    if (withIdentity(stored, identity, withEmail) == stored) {
      return stored;
    }
    try {
      return change(stored.id(), current -> withIdentity(current, identity, withEmail), false);
    } catch (DuplicateEmailException takenMeanwhile) {
      return change(stored.id(), current -> withIdentity(current, identity, false), false);
    }
  }

  private boolean emailIsFreeFor(Email email, UserId id) {
    return ownerOf(email).map(owner -> owner.id().equals(id)).orElse(true);
  }

  private Optional<User> ownerOf(Email email) {
    return stores.read(tx -> tx.users().findByEmail(email));
  }

  /** {@code current} itself when the identity says nothing new: the common case costs no allocation. */
  private User withIdentity(User current, ExternalIdentity identity, boolean withEmail) {
    Optional<Email> email = withEmail ? identity.email() : Optional.empty();
    boolean emailChanges = email.isPresent() && !email.get().equals(current.email().orElse(null));
    boolean verifiedChanges = email.isPresent() && identity.emailVerified() != current.emailVerified();
    String name = identity.name().orElse(current.profile().name());
    String picture = identity.pictureUrl().orElse(current.profile().pictureUrl());
    boolean profileChanges = !Objects.equals(name, current.profile().name())
        || !Objects.equals(picture, current.profile().pictureUrl());
    if (!emailChanges && !verifiedChanges && !profileChanges) {
      return current;
    }
    User.Builder next = next(current, now());
    if (emailChanges) {
      next.email(email.get());
    }
    if (verifiedChanges) {
      next.emailVerified(identity.emailVerified());
    }
    if (profileChanges) {
      next.profile(current.profile().with(ProfileField.NAME, name).with(ProfileField.PICTURE_URL, picture));
    }
    return next.build();
  }

  /**
   * Makes the password account with the identity's (verified) email this identity's, if there is
   * one that no provider has claimed yet, whose own email was verified too (a registration
   * confirmed by code; not an account an admin typed in, which anyone could have pre-created), and
   * that is not an admin (an admin account is never taken over automatically).
   */
  private Optional<User> link(ExternalIdentity identity) {
    Email email = identity.email().orElseThrow();
    Optional<User> candidate = ownerOf(email);
    if (candidate.isEmpty()) {
      return Optional.empty();
    }
    User linked;
    try {
      linked = change(candidate.get().id(), current -> {
        if (!linkable(current, email)) {
          return current; // claimed meanwhile (perhaps by this very identity), or no longer a match
        }
        User updated = withIdentity(current, identity, true);
        return (updated == current ? next(current, now()) : updated.toBuilder())
            .authProvider(identity.provider()).externalSubject(identity.subject()).build();
      }, false);
    } catch (UserNotFoundException deletedMeanwhile) {
      return Optional.empty();
    }
    boolean ours = linked.authProvider().equals(identity.provider())
        && linked.externalSubject().map(identity.subject()::equals).orElse(false);
    if (ours) {
      log.info("user {} linked to {} by its verified email", linked.id(), identity.provider());
    }
    return ours ? Optional.of(linked) : Optional.empty();
  }

  private boolean linkable(User current, Email email) {
    return AuthProvider.PASSWORD.equals(current.authProvider()) && current.externalSubject().isEmpty()
        && current.emailVerified() && current.email().map(email::equals).orElse(false) && !isAdmin(current);
  }

  @Override
  public Page<User> list(UserQuery query) {
    Objects.requireNonNull(query, "query");
    // One more than asked tells whether a next page exists without a second query.
    UserCriteria criteria = new UserCriteria(
        query.status(), query.emailPrefix(), query.admin(), config.adminIds(), query.afterId(), query.limit() + 1);
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
      return change(id, current -> {
        if (current.version() != expected) {
          throw new ConcurrentUpdateException(
              "user " + id + " is at version " + current.version() + ", not " + expected);
        }
        return withProfile(current, update);
      }, true);
    }
    return change(id, current -> withProfile(current, update), false);
  }

  @Override
  public User approve(UserId id, UserId approvedBy) {
    Objects.requireNonNull(approvedBy, "approvedBy");
    return change(id, current -> {
      switch (current.status()) {
        case APPROVED:
          return current;
        case DISABLED:
          throw new UserStateException(UserStatus.DISABLED, "user " + id + " is disabled; enable it before approving");
        default:
          Instant now = now();
          return next(current, now).status(UserStatus.APPROVED).approvedAt(now).approvedBy(approvedBy).build();
      }
    }, false, tx -> {
      if (tx.users().findById(approvedBy).isEmpty()) {
        throw new UserNotFoundException(approvedBy);
      }
    });
  }

  @Override
  public User disable(UserId id) {
    Instant now = now();
    // Disabling ends every session in the same transaction: re-enabling must not revive old tokens.
    return change(id, current -> current.status() == UserStatus.DISABLED
        ? current
        : next(current, now).status(UserStatus.DISABLED).build(), false, tx -> {},
        (tx, disabled) -> tx.auth().revokeSessionsOf(id, now));
  }

  @Override
  public User enable(UserId id) {
    return change(id, current -> {
      if (current.status() != UserStatus.DISABLED) {
        return current;
      }
      UserStatus restored = current.approvedAt().isPresent() ? UserStatus.APPROVED : UserStatus.PENDING;
      return next(current, now()).status(restored).build();
    }, false);
  }

  @Override
  public User setAdmin(UserId id, boolean admin) {
    return change(id, current -> current.admin() == admin
        ? current
        : next(current, now()).admin(admin).build(), false);
  }

  @Override
  public void delete(UserId id) {
    Objects.requireNonNull(id, "id");
    boolean deleted = stores.inTransaction(tx -> tx.users().delete(id));
    if (!deleted) {
      throw new UserNotFoundException(id);
    }
  }

  @Override
  public boolean isAdmin(User user) {
    return user.admin() || config.adminIds().contains(user.id());
  }

  @Override
  public User withAdminFlag(User user) {
    return isAdmin(user) && !user.admin() ? user.toBuilder().admin(true).build() : user;
  }

  private User withProfile(User current, ProfileUpdate update) {
    var profile = update.applyTo(current.profile());
    return profile.equals(current.profile()) ? current : next(current, now()).profile(profile).build();
  }

  /** Timestamps are kept to the microsecond: the finest precision all supported databases store. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static User.Builder next(User current, Instant now) {
    return current.toBuilder().updatedAt(now).version(current.version() + 1);
  }

  private User change(UserId id, UnaryOperator<User> transition, boolean versionPinned) {
    return change(id, transition, versionPinned, tx -> {});
  }

  private User change(
      UserId id, UnaryOperator<User> transition, boolean versionPinned, Consumer<StoreTransaction> precheck) {
    return change(id, transition, versionPinned, precheck, (tx, written) -> {});
  }

  /**
   * Reads the user, applies {@code transition} and writes the result if the user is still at the
   * version read. A transition that returns the user unchanged writes nothing. When the write loses
   * a race, a pinned change fails; a blind one reads again and re-applies. {@code onWrite} runs in
   * the same transaction after a successful write.
   */
  private User change(UserId id, UnaryOperator<User> transition, boolean versionPinned,
      Consumer<StoreTransaction> precheck, BiConsumer<StoreTransaction, User> onWrite) {
    Objects.requireNonNull(id, "id");
    for (int attempt = 1; ; attempt++) {
      Optional<User> written = stores.inTransaction(tx -> {
        precheck.accept(tx);
        User current = tx.users().findByIdForUpdate(id).orElseThrow(() -> new UserNotFoundException(id));
        User updated = transition.apply(current);
        if (updated == current) {
          return Optional.of(current);
        }
        if (!tx.users().update(updated, current.version())) {
          return Optional.<User>empty();
        }
        onWrite.accept(tx, updated);
        return Optional.of(updated);
      });
      if (written.isPresent()) {
        return written.get();
      }
      if (versionPinned || attempt >= MAX_ATTEMPTS) {
        throw new ConcurrentUpdateException("user " + id + " was changed concurrently; read it again and retry");
      }
    }
  }
}
