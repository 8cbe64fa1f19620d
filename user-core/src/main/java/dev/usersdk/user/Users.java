package dev.usersdk.user;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.Page;
import dev.usersdk.ValidationException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The user API: {@code client.users()}. Thread-safe. Every method either completes or changes
 * nothing; bad input is a {@link ValidationException} raised before the store is touched.
 *
 * <p>Changes are idempotent where that is natural: approving an approved user, disabling a disabled
 * one or setting the admin flag it already has returns the user unchanged (same version).
 */
public interface Users {

  /**
   * Creates a user. Its status is {@link NewUser#status()} if given, otherwise {@code PENDING} when
   * the configuration requires approval and {@code APPROVED} when it does not.
   *
   * @throws DuplicateEmailException if another user has the same canonical email
   * @throws DuplicateExternalSubjectException if another user has the same provider and subject
   */
  User create(NewUser newUser);

  Optional<User> find(UserId id);

  /**
   * The user with this id.
   *
   * @throws UserNotFoundException if there is none
   */
  User get(UserId id);

  /**
   * The user with this email, compared in canonical form ({@code " Ann@Example.COM"} finds {@code
   * ann@example.com}).
   *
   * @throws ValidationException if {@code email} is not an email address
   */
  Optional<User> findByEmail(String email);

  /** The user an external identity provider knows by {@code subject} (Auth0's {@code sub}). */
  Optional<User> findByExternalSubject(AuthProvider provider, String subject);

  /**
   * The user an external identity provider vouches for (an Auth0 sign-in): found by provider and
   * subject, created on first sight (with the default balance, like every user), and kept in step
   * with the provider: when the identity's email, email-verified flag, name or picture differ from
   * the stored ones they are updated; fields the identity leaves out are kept as stored.
   *
   * <p>Safe under races: any number of concurrent first sign-ins of one subject create exactly one
   * user. An email that already belongs to another account is not taken from it: the new user is
   * created without an email, unless {@code policy} links them (a verified email matching a
   * password account makes that account this identity's). The status is not checked here; a
   * disabled user is returned as such.
   */
  User resolveExternal(ExternalIdentity identity, ExternalAccountPolicy policy);

  /** One page of users matching the query, in id order. */
  Page<User> list(UserQuery query);

  /**
   * Changes profile fields only. Without {@link ProfileUpdate#expectVersion(long)} the update is
   * applied to the current version (concurrent updates of other fields are never lost); with it, a
   * user changed since that version is a {@link ConcurrentUpdateException}.
   *
   * @throws UserNotFoundException if there is no such user
   */
  User updateProfile(UserId id, ProfileUpdate update);

  /**
   * Approves a pending user and records who did it and when.
   *
   * @param approvedBy the approver, who must exist and be an admin or hold {@link
   *     Permissions#USERS_APPROVE} ({@link dev.usersdk.ForbiddenException} otherwise)
   * @throws UserStateException if the user is disabled (enable it first)
   * @throws UserNotFoundException if either user does not exist
   */
  User approve(UserId id, UserId approvedBy);

  /**
   * Disables a user: they can no longer sign in, and their data stays.
   *
   * @deprecated no actor is checked, and the audit trail records none: use {@link #disable(UserId,
   *     UserId)} (a host that decided the rights itself passes its admin's id)
   */
  @Deprecated
  User disable(UserId id);

  /**
   * {@link #disable(UserId)} by {@code actor}, who must be an admin or hold {@link
   * Permissions#USERS_DISABLE} — and an admin to disable an admin ({@link
   * dev.usersdk.ForbiddenException} otherwise); recorded in the audit trail with the actor.
   */
  User disable(UserId id, UserId actor);

  /**
   * Re-enables a disabled user, back to {@code APPROVED} if they had been approved, else {@code
   * PENDING}.
   *
   * @deprecated no actor is checked or recorded: use {@link #enable(UserId, UserId)}
   */
  @Deprecated
  User enable(UserId id);

  /**
   * {@link #enable(UserId)} by {@code actor}, under the rules of {@link #disable(UserId, UserId)};
   * recorded with the actor.
   */
  User enable(UserId id, UserId actor);

  /**
   * Sets the stored admin flag. Configured admin ids stay admins whatever the flag says.
   *
   * @deprecated no actor is checked or recorded: use {@link #setAdmin(UserId, boolean, UserId)}
   */
  @Deprecated
  User setAdmin(UserId id, boolean admin);

  /**
   * {@link #setAdmin(UserId, boolean)} by {@code actor}, who must be an admin (no role grants
   * this); recorded with the actor.
   */
  User setAdmin(UserId id, boolean admin, UserId actor);

  /**
   * Deletes the user and everything that belongs to it.
   *
   * @throws UserNotFoundException if there is no such user
   * @deprecated no actor is checked or recorded: use {@link #delete(UserId, UserId)}
   */
  @Deprecated
  void delete(UserId id);

  /**
   * {@link #delete(UserId)} by {@code actor}, who must be an admin or hold {@link
   * Permissions#USERS_DELETE} — and an admin to delete an admin; recorded with the actor.
   */
  void delete(UserId id, UserId actor);

  /**
   * The change feed other services' mirrors read: every user in the order of its last change, and
   * every deletion, after {@code cursor} ({@code null} from the beginning), up to {@code limit} (1
   * to 1,000). A user appears once, at its latest state, however often it changed.
   *
   * <p>A change appears once it is {@link #FEED_SETTLE} old: by then the transaction that made it
   * has committed, so resuming from a cursor never skips a change that committed after a later one.
   * Consumers apply entries idempotently (keep the highest version), as they do events.
   *
   * @throws dev.usersdk.ValidationException for a cursor no page returned or a bad limit
   */
  ChangePage changes(@Nullable String cursor, int limit);

  /** How many users there are and a checksum of their ids and versions, for mirrors to compare. */
  UserSummary summary();

  /** How old a change must be before the feed shows it (see {@link #changes}). */
  Duration FEED_SETTLE = Duration.ofSeconds(30);

  /** Whether the user is an admin: the stored flag is set or the id is a configured admin id. */
  boolean isAdmin(User user);

  /**
   * The user with {@link User#admin()} showing {@link #isAdmin(User)}: what a {@code /users/me}
   * shows.
   */
  User withAdminFlag(User user);
}
