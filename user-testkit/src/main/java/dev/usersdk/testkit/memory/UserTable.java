package dev.usersdk.testkit.memory;

import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/** The users "table" and its unique indexes. Guarded by the stores' lock. */
final class UserTable {
  record ExternalKey(AuthProvider provider, String subject) {}

  /** Ordered like the databases order ids: unsigned, see {@link UserId#compareTo}. */
  final NavigableMap<UserId, User> byId = new TreeMap<>();

  final Map<Email, UserId> byEmail = new HashMap<>();

  /** Deletions kept for the change feed. */
  final Map<UserId, UserChange> deletions = new HashMap<>();

  final Map<ExternalKey, UserId> byExternalSubject = new HashMap<>();

  /** Each user's roles (an immutable sorted set per user), deleted with the user. */
  final Map<UserId, Set<String>> roles = new HashMap<>();

  static ExternalKey externalKey(User user) {
    return user.externalSubject()
        .map(subject -> new ExternalKey(user.authProvider(), subject))
        .orElse(null);
  }
}
