package dev.usersdk.testkit.memory;

import dev.usersdk.spi.UserCriteria;
import dev.usersdk.spi.UserStore;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link UserStore} over a {@link UserTable}, bound to one transaction. */
final class MemoryUserStore implements UserStore {
  private final UserTable table;
  private final MemoryLedgerStore ledger;
  private final MemoryAuthStore auth;
  private final MemoryTransaction tx;

  MemoryUserStore(
      UserTable table, MemoryLedgerStore ledger, MemoryAuthStore auth, MemoryTransaction tx) {
    this.table = table;
    this.ledger = ledger;
    this.auth = auth;
    this.tx = tx;
  }

  @Override
  public void insert(User user) {
    tx.checkUsable();
    Objects.requireNonNull(user, "user");
    if (table.byId.containsKey(user.id())) {
      throw new IllegalStateException("a user with id " + user.id() + " already exists");
    }
    checkUnique(user, null);
    put(user);
    tx.onRollback(() -> remove(user));
  }

  @Override
  public Optional<User> findById(UserId id) {
    tx.checkUsable();
    return Optional.ofNullable(table.byId.get(id));
  }

  @Override
  public Optional<User> findByIdForUpdate(UserId id) {
    // Transactions are serialised already: every read is as good as locked.
    return findById(id);
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    tx.checkUsable();
    return Optional.ofNullable(table.byEmail.get(email)).map(table.byId::get);
  }

  @Override
  public Optional<User> findByExternalSubject(AuthProvider provider, String subject) {
    tx.checkUsable();
    return Optional.ofNullable(
            table.byExternalSubject.get(new UserTable.ExternalKey(provider, subject)))
        .map(table.byId::get);
  }

  @Override
  public List<User> list(UserCriteria criteria) {
    tx.checkUsable();
    var candidates =
        criteria.afterId().isPresent()
            ? table.byId.tailMap(criteria.afterId().get(), false).values()
            : table.byId.values();
    List<User> result = new ArrayList<>();
    for (User user : candidates) {
      if (result.size() == criteria.limit()) {
        break;
      }
      if (matches(user, criteria)) {
        result.add(user);
      }
    }
    return result;
  }

  @Override
  public boolean update(User user, long expectedVersion) {
    tx.checkUsable();
    User current = table.byId.get(user.id());
    if (current == null || current.version() != expectedVersion) {
      return false;
    }
    checkUnique(user, current);
    remove(current);
    put(user);
    tx.onRollback(
        () -> {
          remove(user);
          put(current);
        });
    return true;
  }

  @Override
  public boolean delete(UserId id) {
    tx.checkUsable();
    User current = table.byId.get(id);
    if (current == null) {
      return false;
    }
    remove(current);
    tx.onRollback(() -> put(current));
    ledger.deleteUser(id);
    auth.deleteUser(id);
    tx.remove(table.roles, id);
    return true;
  }

  @Override
  public void recordDeletion(UserId id, long version, Instant deletedAt) {
    tx.checkUsable();
    UserChange previous = table.deletions.put(id, UserChange.deletion(id, version, deletedAt));
    tx.onRollback(
        () -> {
          if (previous == null) {
            table.deletions.remove(id);
          } else {
            table.deletions.put(id, previous);
          }
        });
  }

  @Override
  public List<UserChange> changes(Instant afterTime, UserId afterId, Instant until, int limit) {
    tx.checkUsable();
    Comparator<UserChange> order =
        Comparator.comparing(UserChange::changedAt).thenComparing(UserChange::userId);
    UserChange after = UserChange.deletion(afterId, 0, afterTime);
    return Stream.concat(
            table.byId.values().stream().map(UserChange::of), table.deletions.values().stream())
        .filter(change -> order.compare(change, after) > 0 && !change.changedAt().isAfter(until))
        .sorted(order)
        .limit(limit)
        .toList();
  }

  private static boolean matches(User user, UserCriteria criteria) {
    return criteria.status().map(status -> user.status() == status).orElse(true)
        && criteria
            .emailPrefix()
            .map(
                prefix -> user.email().map(email -> email.value().startsWith(prefix)).orElse(false))
            .orElse(true)
        && criteria
            .admin()
            .map(admin -> criteria.isAdmin(user.id(), user.admin()) == admin)
            .orElse(true);
  }

  /**
   * Refuses a user whose email or external subject belongs to a user other than {@code replacing}.
   */
  private void checkUnique(User user, User replacing) {
    UserId self = replacing == null ? null : replacing.id();
    if (user.email().isPresent()) {
      UserId owner = table.byEmail.get(user.email().get());
      if (owner != null && !owner.equals(self)) {
        throw new DuplicateEmailException();
      }
    }
    UserTable.ExternalKey key = UserTable.externalKey(user);
    if (key != null) {
      UserId owner = table.byExternalSubject.get(key);
      if (owner != null && !owner.equals(self)) {
        throw new DuplicateExternalSubjectException();
      }
    }
  }

  private void put(User user) {
    table.byId.put(user.id(), user);
    user.email().ifPresent(email -> table.byEmail.put(email, user.id()));
    UserTable.ExternalKey key = UserTable.externalKey(user);
    if (key != null) {
      table.byExternalSubject.put(key, user.id());
    }
  }

  private void remove(User user) {
    table.byId.remove(user.id());
    user.email().ifPresent(table.byEmail::remove);
    UserTable.ExternalKey key = UserTable.externalKey(user);
    if (key != null) {
      table.byExternalSubject.remove(key);
    }
  }
}
