package dev.usersdk.testkit.memory;

import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.spi.EmailCodePurpose;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoredAppPassword;
import dev.usersdk.spi.StoredChallenge;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.StoredEmailCode;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Credentials, sessions, tokens, registrations, attempts, second factors and the app password.
 * Guarded by the stores' lock.
 */
final class AuthTables {
  /** Attempt ids compare as unsigned 128-bit numbers, like {@link UserId} and the databases. */
  static final Comparator<UUID> ID_ORDER = Comparator.comparing(UserId::new);

  final Map<UserId, StoredCredentials> credentials = new HashMap<>();
  final Map<UUID, StoredSession> sessions = new HashMap<>();
  final Map<String, StoredRefreshToken> refreshTokens = new HashMap<>();

  /** jti to when the revoked token expires. */
  final Map<String, Instant> revokedTokens = new HashMap<>();

  final Map<Email, PendingRegistration> registrations = new HashMap<>();
  final Map<String, StoredResetToken> resetTokens = new HashMap<>();
  final NavigableMap<UUID, LoginAttempt> attempts = new TreeMap<>(ID_ORDER);

  final Map<UserId, StoredTotp> totp = new HashMap<>();

  /** A user's recovery codes: hash to when it was used (empty: unused). */
  final Map<UserId, Map<String, Optional<Instant>>> recoveryCodes = new HashMap<>();

  final Map<String, StoredChallenge> challenges = new HashMap<>();

  /** Emailed codes by {@link #emailCodeKey}. */
  final Map<String, StoredEmailCode> emailCodes = new HashMap<>();

  static String emailCodeKey(EmailCodePurpose purpose, String subject) {
    return purpose + ":" + subject;
  }

  /** The one row of the app password table; null while none is set. */
  StoredAppPassword appPassword;
}
