package dev.usersdk.user.internal;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one user under its row lock, with the version check every user change goes
 * through.
 */
final class UserWrites {
  /**
   * How often a blind (version-less) change is re-applied after losing a race. Each loss means
   * another writer succeeded, so the system as a whole made progress; the bound only protects
   * against a pathological hot row.
   */
  private static final int MAX_ATTEMPTS = 16;

  private final Stores stores;
  private final Clock clock;

  UserWrites(Stores stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
  }

  Instant now() {
    return Timestamps.now(clock);
  }

  /** The next version of {@code current}, stamped {@code now}. */
  static User.Builder next(User current, Instant now) {
    return current.toBuilder().updatedAt(now).version(current.version() + 1);
  }

  User change(UserId id, UnaryOperator<User> transition, boolean versionPinned) {
    return change(id, transition, versionPinned, tx -> {});
  }

  User change(
      UserId id,
      UnaryOperator<User> transition,
      boolean versionPinned,
      Consumer<StoreTransaction> precheck) {
    return change(id, transition, versionPinned, precheck, (tx, written) -> {});
  }

  /**
   * Reads the user, applies {@code transition} and writes the result if the user is still at the
   * version read. A transition that returns the user unchanged writes nothing. When the write loses
   * a race, a pinned change fails; a blind one reads again and re-applies. {@code onWrite} runs in
   * the same transaction after a successful write.
   */
  @SuppressWarnings("ReferenceEquality") // "unchanged" is the transition returning its input itself
  User change(
      UserId id,
      UnaryOperator<User> transition,
      boolean versionPinned,
      Consumer<StoreTransaction> precheck,
      BiConsumer<StoreTransaction, User> onWrite) {
    Objects.requireNonNull(id, "id");
    for (int attempt = 1; ; attempt++) {
      Optional<User> written =
          stores.inTransaction(
              tx -> {
                precheck.accept(tx);
                User current =
                    tx.users()
                        .findByIdForUpdate(id)
                        .orElseThrow(() -> new UserNotFoundException(id));
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
        throw new ConcurrentUpdateException(
            "user " + id + " was changed concurrently; read it again and retry");
      }
    }
  }
}
