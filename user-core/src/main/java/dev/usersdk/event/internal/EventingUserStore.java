package dev.usersdk.event.internal;

import dev.usersdk.event.UserEvent;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.UserCriteria;
import dev.usersdk.spi.UserStore;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user store whose inserts, updates and deletes each record their event. It remembers the users
 * this transaction read, so an update (always preceded by a read under lock) knows what changed
 * without reading again.
 */
final class EventingUserStore implements UserStore {
  private final UserStore delegate;
  private final StoreTransaction tx;
  private final Outbox outbox;
  private final Map<UserId, User> read = new HashMap<>();

  EventingUserStore(UserStore delegate, StoreTransaction tx, Outbox outbox) {
    this.delegate = delegate;
    this.tx = tx;
    this.outbox = outbox;
  }

  @Override
  public void insert(User user) {
    delegate.insert(user);
    read.put(user.id(), user);
    outbox.record(tx, user.id(), user.version(), meta -> new UserEvent.Created(meta, user));
  }

  @Override
  public boolean update(User user, long expectedVersion) {
    User before = read.get(user.id());
    if (before == null || before.version() != expectedVersion) {
      before = delegate.findById(user.id()).orElse(null);
    }
    if (!delegate.update(user, expectedVersion)) {
      return false;
    }
    read.put(user.id(), user);
    if (before != null) {
      outbox.record(tx, user.id(), user.version(), UserChanges.of(before, user));
    }
    return true;
  }

  @Override
  public boolean delete(UserId id) {
    Optional<User> before =
        read.containsKey(id) ? Optional.of(read.get(id)) : delegate.findByIdForUpdate(id);
    if (!delegate.delete(id)) {
      return false;
    }
    read.remove(id);
    // The tombstone's version is past the last one, so it outranks any late update.
    long version = before.map(user -> user.version() + 1).orElse(Long.MAX_VALUE);
    outbox.record(tx, id, version, UserEvent.Deleted::new);
    return true;
  }

  @Override
  public void recordDeletion(UserId id, long version, Instant deletedAt) {
    delegate.recordDeletion(id, version, deletedAt);
  }

  @Override
  public List<UserChange> changes(Instant afterTime, UserId afterId, Instant until, int limit) {
    return delegate.changes(afterTime, afterId, until, limit);
  }

  @Override
  public Optional<User> findById(UserId id) {
    return remembered(delegate.findById(id));
  }

  @Override
  public Optional<User> findByIdForUpdate(UserId id) {
    return remembered(delegate.findByIdForUpdate(id));
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    return remembered(delegate.findByEmail(email));
  }

  @Override
  public Optional<User> findByExternalSubject(AuthProvider provider, String subject) {
    return remembered(delegate.findByExternalSubject(provider, subject));
  }

  @Override
  public List<User> list(UserCriteria criteria) {
    return delegate.list(criteria);
  }

  private Optional<User> remembered(Optional<User> user) {
    user.ifPresent(u -> read.put(u.id(), u));
    return user;
  }
}
