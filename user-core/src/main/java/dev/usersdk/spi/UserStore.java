package dev.usersdk.spi;

import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users as rows. The service decides what to write; the store makes it durable and unique. */
public interface UserStore {

  /**
   * Stores a new user as given.
   *
   * @throws DuplicateEmailException if a user with the same canonical email exists
   * @throws DuplicateExternalSubjectException if a user with the same provider and subject exists
   */
  void insert(User user);

  Optional<User> findById(UserId id);

  /**
   * Reads the user and locks it until the transaction ends, so that a read-modify-write in the same
   * transaction cannot lose against a concurrent one ({@code SELECT ... FOR UPDATE}).
   */
  Optional<User> findByIdForUpdate(UserId id);

  Optional<User> findByEmail(Email email);

  Optional<User> findByExternalSubject(AuthProvider provider, String subject);

  /**
   * Up to {@code criteria.limit()} users matching the criteria, ordered by id as an unsigned
   * 128-bit number ({@link UserId#compareTo}), starting after {@code criteria.afterId()}.
   */
  List<User> list(UserCriteria criteria);

  /**
   * Replaces the stored user with {@code user} (including its version) if the stored version is
   * still {@code expectedVersion}.
   *
   * @return {@code false} if the user is missing or at another version; nothing was written
   */
  boolean update(User user, long expectedVersion);

  /**
   * Deletes a user and what belongs to it.
   *
   * @return {@code false} if there was no such user
   */
  boolean delete(UserId id);

  /**
   * Keeps the deletion of a user for the change feed: its id, the version past its last one and
   * when. Stores that implement {@link #changes} must keep it; others may ignore it (the default).
   */
  default void recordDeletion(UserId id, long version, Instant deletedAt) {}

  /**
   * The change feed: users (by {@code updatedAt}) and recorded deletions (by their time) changed
   * after {@code (afterTime, afterId)} and no later than {@code until}, ordered by time then id
   * ({@link UserId#compareTo}), at most {@code limit}.
   *
   * @throws UnsupportedOperationException if this store has no change feed (the default)
   */
  default List<UserChange> changes(Instant afterTime, UserId afterId, Instant until, int limit) {
    throw new UnsupportedOperationException(
        getClass().getName() + " has no change feed: implement UserStore.changes");
  }
}
