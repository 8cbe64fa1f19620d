package dev.usersdk.auth.internal;

import dev.usersdk.UserSdkException;
import dev.usersdk.auth.ImportResult;
import dev.usersdk.auth.ImportedUser;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.internal.NewUsers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moving existing users in: one transaction per user, idempotent by id. */
final class Imports {
  private static final Logger log = LoggerFactory.getLogger(Imports.class);
  private static final int MAX_HASH_LENGTH = 1024;

  private final Stores stores;
  private final Clock clock;
  private final NewUsers newUsers;
  private final Passwords passwords;

  Imports(Stores stores, Clock clock, NewUsers newUsers, Passwords passwords) {
    this.stores = stores;
    this.clock = clock;
    this.newUsers = newUsers;
    this.passwords = passwords;
  }

  List<ImportResult> importAll(List<ImportedUser> users) {
    Objects.requireNonNull(users, "users");
    List<ImportResult> results = new ArrayList<>(users.size());
    for (ImportedUser user : users) {
      results.add(importOne(user));
    }
    log.info(
        "import: {} user(s), {} imported",
        users.size(),
        results.stream().filter(r -> r.outcome() == ImportResult.Outcome.IMPORTED).count());
    return results;
  }

  ImportResult importOne(ImportedUser imported) {
    Objects.requireNonNull(imported, "user");
    Optional<String> hash = imported.passwordHash();
    if (hash.isPresent()
        && (hash.get().length() > MAX_HASH_LENGTH || !passwords.recognizes(hash.get()))) {
      return refused(imported, "the password hash is in a format this client does not verify");
    }
    Instant now = Timestamps.now(clock);
    try {
      boolean written =
          stores.inTransaction(
              tx -> {
                if (tx.users().findById(imported.id()).isPresent()) {
                  return false;
                }
                newUsers.insertImported(tx, asUser(imported, now), imported.balance(), now);
                hash.ifPresent(
                    h -> tx.auth().saveCredentials(StoredCredentials.of(imported.id(), h, now)));
                return true;
              });
      return new ImportResult(
          imported.id(),
          written ? ImportResult.Outcome.IMPORTED : ImportResult.Outcome.ALREADY_PRESENT,
          Optional.empty());
    } catch (DuplicateEmailException e) {
      return refused(imported, "the email belongs to another user");
    } catch (UserSdkException e) {
      if (e.retryable()) {
        throw e; // the store is out of reach: the caller retries the import, which is idempotent
      }
      return refused(imported, e.code());
    }
  }

  /**
   * The imported user as a row: created when the old system says, written (updated) now, so the
   * change feed shows it after every cursor a mirror already holds.
   */
  private static User asUser(ImportedUser imported, Instant now) {
    // Kept to the microsecond, like every timestamp usersdk stores.
    Instant created = imported.createdAt().truncatedTo(ChronoUnit.MICROS);
    return User.builder(imported.id())
        .email(imported.email().orElse(null))
        .status(imported.status())
        .admin(imported.admin())
        .profile(imported.profile())
        .emailVerified(imported.emailVerified() && imported.email().isPresent())
        .createdAt(created)
        .updatedAt(now.isBefore(created) ? created : now)
        .approvedAt(imported.status() == UserStatus.APPROVED ? created : null)
        .passwordChangedAt(imported.passwordHash().isPresent() ? created : null)
        .version(1)
        .build();
  }

  private static ImportResult refused(ImportedUser imported, String problem) {
    return new ImportResult(imported.id(), ImportResult.Outcome.REFUSED, Optional.of(problem));
  }
}
