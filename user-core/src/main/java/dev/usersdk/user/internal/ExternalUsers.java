package dev.usersdk.user.internal;

import dev.usersdk.spi.Stores;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import dev.usersdk.user.Email;
import dev.usersdk.user.ExternalAccountPolicy;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Profile;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users of another identity provider: found by (provider, subject), created on first sight, kept in
 * step with what the provider says, and optionally linked to a password account by verified email.
 * What {@link dev.usersdk.user.Users#resolveExternal} does.
 */
final class ExternalUsers {
  private static final Logger log = LoggerFactory.getLogger(ExternalUsers.class);

  private final Stores stores;
  private final UserWrites writes;
  private final Admins admins;
  private final Creator newUsers;

  /** Creates a user in its own transaction. */
  interface Creator {
    User create(NewUser newUser);
  }

  ExternalUsers(Stores stores, UserWrites writes, Admins admins, Creator newUsers) {
    this.stores = stores;
    this.writes = writes;
    this.admins = admins;
    this.newUsers = newUsers;
  }

  User resolve(ExternalIdentity identity, ExternalAccountPolicy policy) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(policy, "policy");
    // The steady state is one read: a known subject whose fields have not changed.
    Optional<User> known =
        stores.read(
            tx -> tx.users().findByExternalSubject(identity.provider(), identity.subject()));
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
        return winnerOf(
            identity, lostRace); // a concurrent first sign-in created the subject's user
      }
    }
    NewUser newUser =
        NewUser.external(identity.provider(), identity.subject())
            .profile(
                Profile.EMPTY
                    .with(ProfileField.NAME, identity.name().orElse(null))
                    .with(ProfileField.PICTURE_URL, identity.pictureUrl().orElse(null)))
            .emailVerified(identity.emailVerified());
    if (policy.initialStatus().isPresent()) {
      newUser = newUser.status(policy.initialStatus().get());
    }
    try {
      return newUsers.create(identity.email().map(newUser::email).orElse(newUser));
    } catch (DuplicateExternalSubjectException lostRace) {
      return winnerOf(identity, lostRace);
    } catch (DuplicateEmailException emailTaken) {
      // Another account has this email (or a concurrent first sign-in of this subject took it).
      try {
        return newUsers.create(newUser.emailVerified(false));
      } catch (DuplicateExternalSubjectException lostRace) {
        return winnerOf(identity, lostRace);
      }
    }
  }

  /** The user a concurrent first sign-in created. */
  private User winnerOf(ExternalIdentity identity, DuplicateExternalSubjectException lostRace) {
    User winner =
        stores
            .read(tx -> tx.users().findByExternalSubject(identity.provider(), identity.subject()))
            .orElseThrow(() -> lostRace);
    return inStep(winner, identity);
  }

  /**
   * The stored user updated with what the provider now says, written only if something differs. An
   * email that another account owns is left out up front (one read, only when the email differs),
   * so a user whose provider email is taken does not try, and fail, a write per sign-in.
   */
  @SuppressWarnings(
      "ReferenceEquality") // withIdentity returns its input itself when nothing changes
  private User inStep(User stored, ExternalIdentity identity) {
    boolean withEmail =
        identity.email().isEmpty()
            || identity.email().equals(stored.email())
            || emailIsFreeFor(identity.email().get(), stored.id());
    if (withIdentity(stored, identity, withEmail) == stored) {
      return stored;
    }
    try {
      return writes.change(
          stored.id(), current -> withIdentity(current, identity, withEmail), false);
    } catch (DuplicateEmailException takenMeanwhile) {
      return writes.change(stored.id(), current -> withIdentity(current, identity, false), false);
    }
  }

  private boolean emailIsFreeFor(Email email, UserId id) {
    return ownerOf(email).map(owner -> owner.id().equals(id)).orElse(true);
  }

  private Optional<User> ownerOf(Email email) {
    return stores.read(tx -> tx.users().findByEmail(email));
  }

  /**
   * {@code current} itself when the identity says nothing new: the common case costs no allocation.
   */
  private User withIdentity(User current, ExternalIdentity identity, boolean withEmail) {
    Optional<Email> email = withEmail ? identity.email() : Optional.empty();
    boolean emailChanges = email.isPresent() && !email.get().equals(current.email().orElse(null));
    boolean verifiedChanges =
        email.isPresent() && identity.emailVerified() != current.emailVerified();
    String name = identity.name().orElse(current.profile().name());
    String picture = identity.pictureUrl().orElse(current.profile().pictureUrl());
    boolean profileChanges =
        !Objects.equals(name, current.profile().name())
            || !Objects.equals(picture, current.profile().pictureUrl());
    if (!emailChanges && !verifiedChanges && !profileChanges) {
      return current;
    }
    User.Builder next = UserWrites.next(current, writes.now());
    if (emailChanges) {
      next.email(email.get());
    }
    if (verifiedChanges) {
      next.emailVerified(identity.emailVerified());
    }
    if (profileChanges) {
      next.profile(
          current.profile().with(ProfileField.NAME, name).with(ProfileField.PICTURE_URL, picture));
    }
    return next.build();
  }

  /**
   * Makes the password account with the identity's (verified) email this identity's, if there is
   * one that no provider has claimed yet, whose own email was verified too (a registration
   * confirmed by code; not an account an admin typed in, which anyone could have pre-created), and
   * that is not an admin (an admin account is never taken over automatically).
   */
  @SuppressWarnings(
      "ReferenceEquality") // withIdentity returns its input itself when nothing changes
  private Optional<User> link(ExternalIdentity identity) {
    Email email = identity.email().orElseThrow();
    Optional<User> candidate = ownerOf(email);
    if (candidate.isEmpty()) {
      return Optional.empty();
    }
    User linked;
    // Read in the linking transaction: an account holding a role is as much out of reach as an
    // admin's (the issuer's user would act with its permissions).
    boolean[] holdsRoles = new boolean[1];
    try {
      linked =
          writes.change(
              candidate.get().id(),
              current -> {
                if (holdsRoles[0] || !linkable(current, email)) {
                  // claimed meanwhile (perhaps by this very identity), or no longer a match
                  return current;
                }
                User updated = withIdentity(current, identity, true);
                return (updated == current
                        ? UserWrites.next(current, writes.now())
                        : updated.toBuilder())
                    .authProvider(identity.provider())
                    .externalSubject(identity.subject())
                    .build();
              },
              false,
              tx -> {
                // The row locked first: a grant (which locks it too) cannot land in between.
                tx.users().findByIdForUpdate(candidate.get().id());
                holdsRoles[0] = !tx.roles().rolesOf(candidate.get().id()).isEmpty();
              });
    } catch (UserNotFoundException deletedMeanwhile) {
      return Optional.empty();
    }
    boolean ours =
        linked.authProvider().equals(identity.provider())
            && linked.externalSubject().map(identity.subject()::equals).orElse(false);
    if (ours) {
      log.info("user {} linked to {} by its verified email", linked.id(), identity.provider());
    }
    return ours ? Optional.of(linked) : Optional.empty();
  }

  private boolean linkable(User current, Email email) {
    return AuthProvider.PASSWORD.equals(current.authProvider())
        && current.externalSubject().isEmpty()
        && current.emailVerified()
        && current.email().map(email::equals).orElse(false)
        && !admins.isAdmin(current);
  }
}
