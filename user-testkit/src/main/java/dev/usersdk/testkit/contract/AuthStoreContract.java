package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.StoreFailureException;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.ledger.Credits;
import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoredAppPassword;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TokenCheck;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuthStore} must do, tested through the SPI: every field read back as written
 * (to the microsecond), the inserts-or-replaces, the locking reads under real concurrency, the
 * single-use refresh token, cascades from a deleted user, housekeeping on both sides of each
 * boundary, and rollback. A store implementation extends this class and returns fresh, empty stores
 * from {@link #createStores()}:
 *
 * <pre>{@code
 * class MyAuthStoreTest extends AuthStoreContract {
 *   @Override protected Stores createStores() { return MyStores.create(emptyDatabase()); }
 * }
 * }</pre>
 */
public abstract class AuthStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");
  private static final Duration MICRO = Duration.ofNanos(1_000);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g";
  private static final String OTHER_HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";

  protected Stores stores;

  /** Fresh stores with no rows in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  // ----- credentials ----------------------------------------------------------------------------

  @Test
  void credentialsAreInsertedThenReplacedWithEveryField() {
    UserId ann = newUser();
    assertThat(credentials(ann)).isEmpty();

    StoredCredentials fresh = StoredCredentials.of(ann, PASSWORD_HASH, T0);
    write(a -> a.saveCredentials(fresh));
    assertThat(credentials(ann)).contains(fresh);
    assertThat(credentialsForUpdate(ann)).contains(fresh);

    StoredCredentials locked = new StoredCredentials(ann, OTHER_HASH, 5, Optional.of(T0.plusSeconds(1)), 2,
        Optional.of(T0.plus(Duration.ofMinutes(15))), T0.plusSeconds(2));
    write(a -> a.saveCredentials(locked));
    assertThat(credentials(ann)).contains(locked);

    // Replacing clears what the new value leaves empty.
    StoredCredentials reset = StoredCredentials.of(ann, OTHER_HASH, T0.plusSeconds(3));
    write(a -> a.saveCredentials(reset));
    assertThat(credentialsForUpdate(ann)).contains(reset);
  }

  @Test
  void savingUnchangedCredentialsAgainIsFine() {
    // An UPDATE writing identical values reports 0 changed rows on MySQL: it must not become an INSERT.
    UserId ann = newUser();
    StoredCredentials fresh = StoredCredentials.of(ann, PASSWORD_HASH, T0);
    write(a -> a.saveCredentials(fresh));
    write(a -> a.saveCredentials(fresh));
    write(a -> {
      a.saveCredentials(fresh);
      a.saveCredentials(fresh);
    });

    assertThat(credentials(ann)).contains(fresh);
  }

  @Test
  void credentialsBelongToOneUser() {
    UserId ann = newUser();
    UserId bob = newUser();
    write(a -> a.saveCredentials(StoredCredentials.of(ann, PASSWORD_HASH, T0)));

    assertThat(credentials(bob)).isEmpty();
    assertThat(credentials(newId())).isEmpty();
  }

  @Test
  void credentialsNeedAnExistingUser() {
    UserId ghost = newId();

    assertThatThrownBy(() -> write(a -> a.saveCredentials(StoredCredentials.of(ghost, PASSWORD_HASH, T0))))
        .isInstanceOf(StoreFailureException.class);
    assertThat(credentials(ghost)).isEmpty();
  }

  @Test
  void credentialsForUpdateSerialisesReadModifyWrite() {
    UserId ann = newUser();
    write(a -> a.saveCredentials(StoredCredentials.of(ann, PASSWORD_HASH, T0)));
    int threads = 50;

    List<Race.Outcome<Integer>> outcomes = Race.run(threads, i -> () -> stores.inTransaction(tx -> {
      StoredCredentials seen = tx.auth().credentialsForUpdate(ann).orElseThrow();
      tx.auth().saveCredentials(new StoredCredentials(ann, seen.passwordHash(), seen.failedAttempts() + 1,
          Optional.of(T0), seen.lockouts(), seen.lockedUntil(), T0.plusMillis(i)));
      return seen.failedAttempts();
    }));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    // A lost update would show as two transactions that saw the same count.
    assertThat(outcomes.stream().map(Race.Outcome::value).collect(Collectors.toSet())).hasSize(threads);
    assertThat(credentials(ann).orElseThrow().failedAttempts()).isEqualTo(threads);
  }

  // ----- sessions -------------------------------------------------------------------------------

  @Test
  void aSessionIsActiveUntilRevokedAndIsRevokedOnce() {
    UserId ann = newUser();
    UUID session = newSession(ann);
    assertThat(isSessionActive(session)).isTrue();

    assertThat(revokeSession(session, T0.plusSeconds(1))).isTrue();
    assertThat(revokeSession(session, T0.plusSeconds(2))).isFalse();
    assertThat(isSessionActive(session)).isFalse();

    UUID missing = newUuid();
    assertThat(revokeSession(missing, T0)).isFalse();
    assertThat(isSessionActive(missing)).isFalse();
  }

  @Test
  void revokeSessionOfEndsOnlyTheOwnersSession() {
    UserId ann = newUser();
    UserId bob = newUser();
    UUID session = newSession(ann);

    assertThat(revokeSessionOf(bob, session)).isFalse();
    assertThat(isSessionActive(session)).as("another user's session is not touched").isTrue();
    assertThat(revokeSessionOf(ann, session)).isTrue();
    assertThat(revokeSessionOf(ann, session)).isFalse();
    assertThat(isSessionActive(session)).isFalse();
  }

  @Test
  void sessionsKeepWhereTheyStartedAndWhenTheyWereLastUsed() {
    UserId ann = newUser();
    UserId bob = newUser();
    UUID phone = newUuid();
    UUID laptop = newUuid();
    StoredSession phoneSession =
        new StoredSession(phone, ann, T0, Optional.empty(), T0, LoginContext.of("10.0.0.1", "Phone"));
    write(a -> {
      a.insertSession(phoneSession);
      a.insertSession(new StoredSession(laptop, ann, T0.plusSeconds(1), Optional.empty()));
    });
    UUID bobs = newSession(bob);

    Optional<StoredSession> read = stores.inTransaction(tx -> tx.auth().session(phone));
    assertThat(read).contains(phoneSession);
    List<StoredSession> active = stores.inTransaction(tx -> tx.auth().activeSessionsOf(ann));
    assertThat(active).extracting(StoredSession::id).containsExactly(laptop, phone);

    write(a -> a.touchSession(phone, T0.plusSeconds(60)));
    List<StoredSession> touched = stores.inTransaction(tx -> tx.auth().activeSessionsOf(ann));
    assertThat(touched).extracting(StoredSession::id).containsExactly(phone, laptop);
    assertThat(touched.get(0).lastUsedAt()).isEqualTo(T0.plusSeconds(60));

    Integer others = stores.inTransaction(tx -> tx.auth().revokeOtherSessionsOf(ann, phone, T0.plusSeconds(61)));
    assertThat(others).isEqualTo(1);
    assertThat(isSessionActive(laptop)).isFalse();
    assertThat(isSessionActive(phone)).isTrue();
    assertThat(isSessionActive(bobs)).isTrue();
    Optional<StoredSession> missing = stores.inTransaction(tx -> tx.auth().session(newUuid()));
    assertThat(missing).isEmpty();
  }

  @Test
  void attemptTimesAreReadPerClientAddressAndOutcome() {
    UUID[] ids = {newUuid(), newUuid(), newUuid(), newUuid(), newUuid()};
    write(a -> {
      a.recordAttempt(new LoginAttempt(ids[0], Optional.empty(), LoginOutcome.WRONG_APP_PASSWORD, T0,
          Optional.of("203.0.113.9"), Optional.empty()));
      a.recordAttempt(new LoginAttempt(ids[1], Optional.empty(), LoginOutcome.WRONG_APP_PASSWORD, T0.plusSeconds(2),
          Optional.of("203.0.113.9"), Optional.empty()));
      a.recordAttempt(new LoginAttempt(ids[2], Optional.empty(), LoginOutcome.UNKNOWN_ACCOUNT, T0.plusSeconds(3),
          Optional.of("203.0.113.9"), Optional.empty()));
      a.recordAttempt(new LoginAttempt(ids[3], Optional.empty(), LoginOutcome.WRONG_APP_PASSWORD, T0.plusSeconds(4),
          Optional.of("198.51.100.7"), Optional.empty()));
      a.recordAttempt(new LoginAttempt(ids[4], Optional.empty(), LoginOutcome.WRONG_APP_PASSWORD, T0.plusSeconds(5),
          Optional.empty(), Optional.empty()));
    });

    List<Instant> fromAttacker = stores.inTransaction(tx -> tx.auth()
        .attemptTimes("203.0.113.9", LoginOutcome.WRONG_APP_PASSWORD, T0.minusSeconds(1), 10));
    assertThat(fromAttacker).containsExactly(T0.plusSeconds(2), T0);
    List<Instant> recent = stores.inTransaction(tx -> tx.auth()
        .attemptTimes("203.0.113.9", LoginOutcome.WRONG_APP_PASSWORD, T0, 10));
    assertThat(recent).as("since is exclusive").containsExactly(T0.plusSeconds(2));
    List<Instant> limited = stores.inTransaction(tx -> tx.auth()
        .attemptTimes("203.0.113.9", LoginOutcome.WRONG_APP_PASSWORD, T0.minusSeconds(1), 1));
    assertThat(limited).containsExactly(T0.plusSeconds(2));
    List<Instant> withoutAddress = stores.inTransaction(tx -> tx.auth()
        .attemptTimes(null, LoginOutcome.WRONG_APP_PASSWORD, T0.minusSeconds(1), 10));
    assertThat(withoutAddress).containsExactly(T0.plusSeconds(5));
  }

  @Test
  void aSessionStoredRevokedIsNotActive() {
    UserId ann = newUser();
    UUID session = newUuid();
    write(a -> a.insertSession(new StoredSession(session, ann, T0, Optional.of(T0.plusSeconds(1)))));

    assertThat(isSessionActive(session)).isFalse();
    assertThat(revokeSession(session, T0.plusSeconds(2))).isFalse();
  }

  @Test
  void revokeSessionsOfCountsOnlyTheUsersActiveSessions() {
    UserId ann = newUser();
    UserId bob = newUser();
    UUID first = newSession(ann);
    UUID second = newSession(ann);
    UUID alreadyRevoked = newSession(ann);
    UUID bobs = newSession(bob);
    write(a -> a.revokeSession(alreadyRevoked, T0));

    assertThat(revokeSessionsOf(ann, T0.plusSeconds(1))).isEqualTo(2);
    assertThat(revokeSessionsOf(ann, T0.plusSeconds(2))).isZero();
    assertThat(revokeSessionsOf(newId(), T0)).isZero();
    assertThat(isSessionActive(first)).isFalse();
    assertThat(isSessionActive(second)).isFalse();
    assertThat(isSessionActive(bobs)).isTrue();
  }

  @Test
  void aSessionNeedsAnExistingUserAndItsOwnId() {
    UUID orphan = newUuid();
    assertThatThrownBy(() -> write(a -> a.insertSession(new StoredSession(orphan, newId(), T0, Optional.empty()))))
        .isInstanceOf(StoreFailureException.class);
    assertThat(isSessionActive(orphan)).isFalse();

    UserId ann = newUser();
    UUID session = newSession(ann);
    write(a -> a.revokeSession(session, T0));
    assertThatThrownBy(() -> write(a -> a.insertSession(new StoredSession(session, ann, T0, Optional.empty()))))
        .isInstanceOf(StoreFailureException.class);
    assertThat(isSessionActive(session)).isFalse();
  }

  // ----- refresh tokens -------------------------------------------------------------------------

  @Test
  void refreshTokensKeepEveryField() {
    UserId ann = newUser();
    UUID session = newSession(ann);
    StoredRefreshToken unused = new StoredRefreshToken(hash("r1"), session, ann, T0, T0.plus(Duration.ofDays(30)),
        Optional.empty());
    StoredRefreshToken used = new StoredRefreshToken(hash("r2"), session, ann, T0.plusSeconds(1),
        T0.plus(Duration.ofDays(30)).plus(MICRO), Optional.of(T0.plusSeconds(2)));
    write(a -> {
      a.insertRefreshToken(unused);
      a.insertRefreshToken(used);
    });

    assertThat(refreshTokenForUpdate(hash("r1"))).contains(unused);
    assertThat(refreshTokenForUpdate(hash("r2"))).contains(used);
    assertThat(refreshTokenForUpdate(hash("r3"))).isEmpty();
  }

  @Test
  void aRefreshTokenIsMarkedUsedOnce() {
    UserId ann = newUser();
    StoredRefreshToken token = newRefreshToken(ann, newSession(ann), "r1", T0.plus(Duration.ofDays(1)));
    Instant at = T0.plusSeconds(10);

    assertThat(markRefreshTokenUsed(token.tokenHash(), at)).isTrue();
    assertThat(markRefreshTokenUsed(token.tokenHash(), at.plusSeconds(1))).isFalse();
    assertThat(refreshTokenForUpdate(token.tokenHash())).contains(new StoredRefreshToken(
        token.tokenHash(), token.sessionId(), ann, token.issuedAt(), token.expiresAt(), Optional.of(at)));
    assertThat(markRefreshTokenUsed(hash("missing"), at)).isFalse();
    assertThat(refreshTokenForUpdate(hash("missing"))).isEmpty();
  }

  @Test
  void racingRefreshesUseATokenExactlyOnce() {
    UserId ann = newUser();
    StoredRefreshToken token = newRefreshToken(ann, newSession(ann), "r1", T0.plus(Duration.ofDays(1)));
    int threads = 8;

    List<Race.Outcome<Boolean>> outcomes = Race.run(threads, i -> () ->
        stores.inTransaction(tx -> tx.auth().markRefreshTokenUsed(token.tokenHash(), T0.plusSeconds(i))));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    assertThat(outcomes.stream().filter(o -> o.value())).hasSize(1);
    assertThat(refreshTokenForUpdate(token.tokenHash()).orElseThrow().usedAt()).isPresent();
  }

  @Test
  void aRefreshTokenNeedsItsSessionAndAnUnusedHash() {
    UserId ann = newUser();
    assertThatThrownBy(() -> newRefreshToken(ann, newUuid(), "orphan", T0.plusSeconds(60)))
        .isInstanceOf(StoreFailureException.class);
    assertThat(refreshTokenForUpdate(hash("orphan"))).isEmpty();

    UUID session = newSession(ann);
    StoredRefreshToken first = newRefreshToken(ann, session, "r1", T0.plusSeconds(60));
    assertThatThrownBy(() -> newRefreshToken(ann, session, "r1", T0.plusSeconds(120)))
        .isInstanceOf(StoreFailureException.class);
    assertThat(refreshTokenForUpdate(hash("r1"))).contains(first);
  }

  // ----- access tokens: checkToken and revocations ----------------------------------------------

  @Test
  void checkTokenReportsTheUserItsSessionAndTheRevocation() {
    UserId approver = newUser();
    User ann = insertUser(User.builder(newId())
        .email(Email.of("Zoë.Lee@Example.com"))
        .status(UserStatus.APPROVED)
        .admin(true)
        .profile(new Profile("Zoë Lee 李", "Acme GmbH", "+49 30 1234567", "zoe_lee", "https://cdn.example.com/z.png"))
        .authProvider(AuthProvider.PASSWORD)
        .emailVerified(true)
        .createdAt(T0)
        .updatedAt(T0.plusSeconds(1))
        .approvedAt(T0.plusSeconds(2))
        .approvedBy(approver)
        .passwordChangedAt(T0.plusSeconds(3))
        .lastLoginAt(T0.plusSeconds(4))
        .version(7)
        .build());
    UUID session = newSession(ann.id());
    UUID revoked = newSession(ann.id());
    write(a -> a.revokeSession(revoked, T0));
    UUID approversSession = newSession(approver);

    assertThat(check(ann.id(), session, "jti-1")).contains(new TokenCheck(ann, true, false));
    assertThat(check(ann.id(), revoked, "jti-1")).contains(new TokenCheck(ann, false, false));
    assertThat(check(ann.id(), approversSession, "jti-1")).contains(new TokenCheck(ann, false, false));
    assertThat(check(ann.id(), newUuid(), "jti-1")).contains(new TokenCheck(ann, false, false));
    assertThat(check(newId(), session, "jti-1")).isEmpty();

    write(a -> a.revokeToken("jti-1", T0.plus(Duration.ofMinutes(15))));
    assertThat(check(ann.id(), session, "jti-1")).contains(new TokenCheck(ann, true, true));
    assertThat(check(ann.id(), revoked, "jti-1")).contains(new TokenCheck(ann, false, true));
    assertThat(check(ann.id(), session, "jti-2")).contains(new TokenCheck(ann, true, false));
  }

  @Test
  void revokingATokenTwiceIsIdempotent() {
    UserId ann = newUser();
    UUID session = newSession(ann);
    write(a -> a.revokeToken("jti-1", T0.plusSeconds(900)));
    write(a -> a.revokeToken("jti-1", T0.plusSeconds(900)));
    write(a -> {
      a.revokeToken("jti-2", T0.plusSeconds(900));
      a.revokeToken("jti-2", T0.plusSeconds(900));
    });

    assertThat(check(ann, session, "jti-1").orElseThrow().tokenRevoked()).isTrue();
    assertThat(check(ann, session, "jti-2").orElseThrow().tokenRevoked()).isTrue();
  }

  // ----- registrations --------------------------------------------------------------------------

  @Test
  void registrationsAreInsertedThenReplacedWithEveryField() {
    Email email = Email.of("Zoë.Lee+tag@Example.COM");
    assertThat(registrationForUpdate(email)).isEmpty();

    PendingRegistration full = new PendingRegistration(email, Optional.of(hash("123456")), Optional.of(PASSWORD_HASH),
        Optional.of("Zoë Lee 李"), 0, T0, T0.plus(Duration.ofMinutes(15)));
    write(a -> a.saveRegistration(full));
    assertThat(registrationForUpdate(Email.of("zoë.lee+tag@example.com"))).contains(full);

    PendingRegistration notice = new PendingRegistration(email, Optional.empty(), Optional.empty(), Optional.empty(),
        0, T0.plusSeconds(61), T0.plus(Duration.ofMinutes(16)).plus(MICRO));
    write(a -> a.saveRegistration(notice));
    assertThat(registrationForUpdate(email)).contains(notice);

    write(a -> a.saveRegistration(notice.withAttempts(3)));
    write(a -> a.saveRegistration(notice.withAttempts(3)));
    assertThat(registrationForUpdate(email)).contains(notice.withAttempts(3));
    assertThat(registrationForUpdate(Email.of("other@example.com"))).isEmpty();
  }

  @Test
  void aRegistrationIsDeletedOnce() {
    Email ann = Email.of("ann@example.com");
    Email bob = Email.of("bob@example.com");
    write(a -> {
      a.saveRegistration(registration(ann, T0.plusSeconds(900)));
      a.saveRegistration(registration(bob, T0.plusSeconds(900)));
    });

    assertThat(deleteRegistration(Email.of("ANN@example.com"))).isTrue();
    assertThat(deleteRegistration(ann)).isFalse();
    assertThat(registrationForUpdate(ann)).isEmpty();
    assertThat(registrationForUpdate(bob)).isPresent();
  }

  // ----- reset tokens ---------------------------------------------------------------------------

  @Test
  void resetTokensKeepEveryFieldAndAreDeletedPerUser() {
    UserId ann = newUser();
    UserId bob = newUser();
    StoredResetToken first = new StoredResetToken(hash("a1"), ann, T0, T0.plus(Duration.ofHours(1)));
    StoredResetToken second = new StoredResetToken(hash("a2"), ann, T0.plusSeconds(1), T0.plus(Duration.ofHours(1)).plus(MICRO));
    StoredResetToken bobs = new StoredResetToken(hash("b1"), bob, T0, T0.plus(Duration.ofHours(1)));
    write(a -> {
      a.insertResetToken(first);
      a.insertResetToken(second);
      a.insertResetToken(bobs);
    });

    assertThat(resetTokenForUpdate(hash("a1"))).contains(first);
    assertThat(resetTokenForUpdate(hash("a2"))).contains(second);
    assertThat(resetTokenForUpdate(hash("zz"))).isEmpty();
    List<StoredResetToken> annsTokens = stores.inTransaction(tx -> tx.auth().resetTokensOf(ann));
    assertThat(annsTokens).as("newest first").containsExactly(second, first);
    UserId carl = newUser();
    List<StoredResetToken> none = stores.inTransaction(tx -> tx.auth().resetTokensOf(carl));
    assertThat(none).isEmpty();

    assertThat(deleteResetTokensOf(ann)).isEqualTo(2);
    assertThat(deleteResetTokensOf(ann)).isZero();
    assertThat(resetTokenForUpdate(hash("a1"))).isEmpty();
    assertThat(resetTokenForUpdate(hash("a2"))).isEmpty();
    assertThat(resetTokenForUpdate(hash("b1"))).contains(bobs);
  }

  @Test
  void aResetTokenNeedsAnExistingUser() {
    assertThatThrownBy(() -> write(a -> a.insertResetToken(new StoredResetToken(hash("x"), newId(), T0, T0.plusSeconds(60)))))
        .isInstanceOf(StoreFailureException.class);
    assertThat(resetTokenForUpdate(hash("x"))).isEmpty();
  }

  // ----- login attempts -------------------------------------------------------------------------

  @Test
  void attemptsKeepEveryFieldAndComeNewestFirst() {
    UserId ann = newUser();
    UserId bob = newUser();
    LoginAttempt first = new LoginAttempt(newUuid(), Optional.of(ann), LoginOutcome.WRONG_PASSWORD, T0,
        Optional.of("2001:db8::7"), Optional.of("Mozilla/5.0 (X11; Linux x86_64) — Zoë's browser"));
    LoginAttempt second = attempt(Optional.of(ann), LoginOutcome.LOCKED, T0.plusSeconds(1));
    LoginAttempt bobs = attempt(Optional.of(bob), LoginOutcome.SUCCESS, T0.plusSeconds(2));
    LoginAttempt unknown = attempt(Optional.empty(), LoginOutcome.UNKNOWN_ACCOUNT, T0.plusSeconds(3));
    LoginAttempt third = attempt(Optional.of(ann), LoginOutcome.SUCCESS, T0.plusSeconds(4));
    write(a -> List.of(first, second, bobs, unknown, third).forEach(a::recordAttempt));

    assertThat(attempts(ann, 10)).containsExactly(third, second, first);
    assertThat(attempts(ann, 2)).containsExactly(third, second);
    assertThat(attempts(bob, 10)).containsExactly(bobs);
    assertThat(attempts(newUser(), 10)).isEmpty();
  }

  @Test
  void everyOutcomeIsStored() {
    UserId ann = newUser();
    List<LoginAttempt> recorded = new java.util.ArrayList<>();
    for (LoginOutcome outcome : LoginOutcome.values()) {
      recorded.add(0, attempt(Optional.of(ann), outcome, T0.plusSeconds(recorded.size())));
      write(a -> a.recordAttempt(recorded.get(0)));
    }

    assertThat(attempts(ann, 100)).containsExactlyElementsOf(recorded);
  }

  @Test
  void attemptsComeInUnsignedIdOrderAcrossTheWholeRange() {
    UserId ann = newUser();
    // Ids with the top bit set are the newest as unsigned numbers, as databases compare them.
    List<UUID> ids = List.of(
        UUID.fromString("ffffffff-0000-7000-8000-000000000000"),
        UUID.fromString("00000000-0000-7000-8000-000000000001"),
        UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff"),
        UUID.fromString("80000000-0000-7000-8000-000000000000"),
        UUID.fromString("00000000-0000-7000-ffff-ffffffffffff"),
        UUID.fromString("00000000-0000-7000-8000-000000000000"));
    write(a -> ids.forEach(id -> a.recordAttempt(new LoginAttempt(id, Optional.of(ann), LoginOutcome.SUCCESS, T0,
        Optional.empty(), Optional.empty()))));

    List<UUID> listed = attempts(ann, 10).stream().map(LoginAttempt::id).collect(Collectors.toList());
    assertThat(listed).containsExactly(
        UUID.fromString("ffffffff-0000-7000-8000-000000000000"),
        UUID.fromString("80000000-0000-7000-8000-000000000000"),
        UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff"),
        UUID.fromString("00000000-0000-7000-ffff-ffffffffffff"),
        UUID.fromString("00000000-0000-7000-8000-000000000001"),
        UUID.fromString("00000000-0000-7000-8000-000000000000"));
  }

  @Test
  void anAttemptNeedsAnExistingUserOrNone() {
    LoginAttempt orphan = attempt(Optional.of(newId()), LoginOutcome.WRONG_PASSWORD, T0);
    assertThatThrownBy(() -> write(a -> a.recordAttempt(orphan))).isInstanceOf(StoreFailureException.class);

    write(a -> a.recordAttempt(attempt(Optional.empty(), LoginOutcome.UNKNOWN_ACCOUNT, T0)));
  }

  // ----- app password ---------------------------------------------------------------------------

  @Test
  void theAppPasswordIsOneRowThatIsReplaced() {
    assertThat(appPassword()).isEmpty();
    assertThat(appPasswordForUpdate()).isEmpty();

    StoredAppPassword first = new StoredAppPassword(PASSWORD_HASH, 1, T0);
    write(a -> a.saveAppPassword(first));
    assertThat(appPassword()).contains(first);
    assertThat(appPasswordForUpdate()).contains(first);

    StoredAppPassword second = new StoredAppPassword(OTHER_HASH, 2, T0.plus(Duration.ofDays(1)).plus(MICRO));
    write(a -> a.saveAppPassword(second));
    write(a -> a.saveAppPassword(second));
    assertThat(appPassword()).contains(second);
    assertThat(appPasswordForUpdate()).contains(second);
  }

  // ----- cascades -------------------------------------------------------------------------------

  @Test
  void deletingAUserDeletesItsAuthRowsAndNoOneElses() {
    UserId ann = newUser();
    UserId bob = newUser();
    Fixture annRows = fixture(ann, "ann");
    Fixture bobRows = fixture(bob, "bob");
    Email email = Email.of("ann@example.com");
    write(a -> {
      a.saveRegistration(registration(email, T0.plusSeconds(900)));
      a.revokeToken("jti-ann", T0.plusSeconds(900));
    });

    boolean deleted = stores.inTransaction(tx -> tx.users().delete(ann));
    assertThat(deleted).isTrue();

    assertThat(credentials(ann)).isEmpty();
    assertThat(isSessionActive(annRows.session())).isFalse();
    assertThat(refreshTokenForUpdate(annRows.refreshHash())).isEmpty();
    assertThat(resetTokenForUpdate(annRows.resetHash())).isEmpty();
    assertThat(attempts(ann, 10)).isEmpty();
    assertThat(check(ann, annRows.session(), "jti-ann")).isEmpty();
    assertThat(revokeSession(annRows.session(), T0)).isFalse();

    assertRowsAreAsBefore(bob, bobRows);
    // Neither has a user: they stay until they expire.
    assertThat(registrationForUpdate(email)).isPresent();
    assertThat(check(bob, bobRows.session(), "jti-ann").orElseThrow().tokenRevoked()).isTrue();
  }

  // ----- housekeeping ---------------------------------------------------------------------------

  @Test
  void purgeExpiredDeletesWhatExpiredByNowAndKeepsTheRest() {
    Instant now = T0.plus(Duration.ofHours(1));
    Instant attemptsBefore = T0.plus(Duration.ofMinutes(30));
    Instant later = now.plus(MICRO);
    UserId ann = newUser();
    UUID kept = newSession(ann);          // one token expired, one not
    UUID emptied = newSession(ann);       // its only token expired
    UUID revokedWithTokens = newSession(ann);
    write(a -> a.revokeSession(revokedWithTokens, T0));
    newRefreshToken(ann, kept, "expired", now);
    newRefreshToken(ann, kept, "live", later);
    newRefreshToken(ann, emptied, "long-gone", now.minusSeconds(1));
    newRefreshToken(ann, revokedWithTokens, "revoked-live", now.plus(Duration.ofDays(1)));
    write(a -> {
      a.revokeToken("jti-expired", now);
      a.revokeToken("jti-live", later);
      a.insertResetToken(new StoredResetToken(hash("reset-expired"), ann, T0, now));
      a.insertResetToken(new StoredResetToken(hash("reset-live"), ann, T0, later));
      a.saveRegistration(registration(Email.of("expired@example.com"), now));
      a.saveRegistration(registration(Email.of("live@example.com"), later));
    });
    LoginAttempt old = attempt(Optional.of(ann), LoginOutcome.WRONG_PASSWORD, attemptsBefore.minus(MICRO));
    LoginAttempt recent = attempt(Optional.of(ann), LoginOutcome.SUCCESS, attemptsBefore);
    LoginAttempt oldUnknown = attempt(Optional.empty(), LoginOutcome.UNKNOWN_ACCOUNT, attemptsBefore.minusSeconds(60));
    write(a -> List.of(old, recent, oldUnknown).forEach(a::recordAttempt));

    // 1 revocation, 2 refresh tokens, 1 session, 1 reset token, 1 registration, 2 attempts
    assertThat(purgeExpired(now, attemptsBefore)).isEqualTo(8);
    assertThat(purgeExpired(now, attemptsBefore)).isZero();

    assertThat(check(ann, kept, "jti-expired").orElseThrow().tokenRevoked()).isFalse();
    assertThat(check(ann, kept, "jti-live").orElseThrow().tokenRevoked()).isTrue();
    assertThat(refreshTokenForUpdate(hash("expired"))).isEmpty();
    assertThat(refreshTokenForUpdate(hash("live"))).isPresent();
    assertThat(refreshTokenForUpdate(hash("long-gone"))).isEmpty();
    assertThat(refreshTokenForUpdate(hash("revoked-live"))).isPresent();
    assertThat(isSessionActive(kept)).isTrue();
    assertThat(isSessionActive(emptied)).isFalse();
    assertThat(revokeSessionsOf(ann, now)).as("only the kept session was active").isEqualTo(1);
    assertThat(resetTokenForUpdate(hash("reset-expired"))).isEmpty();
    assertThat(resetTokenForUpdate(hash("reset-live"))).isPresent();
    assertThat(registrationForUpdate(Email.of("expired@example.com"))).isEmpty();
    assertThat(registrationForUpdate(Email.of("live@example.com"))).isPresent();
    assertThat(attempts(ann, 10)).containsExactly(recent);
  }

  // ----- rollback -------------------------------------------------------------------------------

  @Test
  void aTransactionThatThrowsLeavesNoAuthRowBehind() {
    UserId ann = newUser();
    UserId bob = newUser();
    Fixture before = fixture(ann, "ann");
    Email email = Email.of("ann@example.com");
    PendingRegistration registration = registration(email, T0.plusSeconds(900));
    StoredAppPassword appPassword = new StoredAppPassword(PASSWORD_HASH, 1, T0);
    write(a -> {
      a.saveRegistration(registration);
      a.saveAppPassword(appPassword);
    });
    UUID newSession = newUuid();

    assertThatThrownBy(() -> write(a -> {
      a.saveCredentials(StoredCredentials.of(ann, OTHER_HASH, T0.plusSeconds(5)));
      a.saveCredentials(StoredCredentials.of(bob, OTHER_HASH, T0.plusSeconds(5)));
      a.markRefreshTokenUsed(before.refreshHash(), T0.plusSeconds(5));
      a.revokeSession(before.session(), T0.plusSeconds(5));
      a.insertSession(new StoredSession(newSession, bob, T0, Optional.empty()));
      a.insertRefreshToken(new StoredRefreshToken(hash("new"), newSession, bob, T0, T0.plusSeconds(60), Optional.empty()));
      a.revokeSessionsOf(bob, T0.plusSeconds(5));
      a.revokeToken("jti-new", T0.plusSeconds(60));
      a.saveRegistration(registration.withAttempts(4));
      a.saveRegistration(registration(Email.of("new@example.com"), T0.plusSeconds(60)));
      a.deleteRegistration(email);
      a.insertResetToken(new StoredResetToken(hash("reset-new"), bob, T0, T0.plusSeconds(60)));
      a.deleteResetTokensOf(ann);
      a.recordAttempt(attempt(Optional.of(bob), LoginOutcome.SUCCESS, T0));
      a.recordAttempt(attempt(Optional.empty(), LoginOutcome.UNKNOWN_ACCOUNT, T0));
      a.saveAppPassword(new StoredAppPassword(OTHER_HASH, 2, T0.plusSeconds(5)));
      a.purgeExpired(T0.plus(Duration.ofDays(365)), T0.plus(Duration.ofDays(365)));
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

    assertRowsAreAsBefore(ann, before);
    assertThat(credentials(bob)).isEmpty();
    assertThat(isSessionActive(newSession)).isFalse();
    assertThat(refreshTokenForUpdate(hash("new"))).isEmpty();
    assertThat(check(ann, before.session(), "jti-new").orElseThrow().tokenRevoked()).isFalse();
    assertThat(registrationForUpdate(email)).contains(registration);
    assertThat(registrationForUpdate(Email.of("new@example.com"))).isEmpty();
    assertThat(resetTokenForUpdate(hash("reset-new"))).isEmpty();
    assertThat(attempts(bob, 10)).isEmpty();
    assertThat(appPassword()).contains(appPassword);
    // Nothing of the failed transaction is left to purge: only ann's rows, none expired.
    assertThat(purgeExpired(T0, T0)).isZero();
  }

  @Test
  void aRolledBackUserDeleteKeepsTheUsersAuthRows() {
    UserId ann = newUser();
    Fixture before = fixture(ann, "ann");

    assertThatThrownBy(() -> stores.inTransaction(tx -> {
      tx.users().delete(ann);
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);

    assertRowsAreAsBefore(ann, before);
  }

  // ----- helpers ----------------------------------------------------------------------------

  /** One of everything a user can own, unexpired. */
  private record Fixture(StoredCredentials credentials, UUID session, String refreshHash, StoredRefreshToken refresh,
      String resetHash, StoredResetToken reset, LoginAttempt attempt) {}

  private Fixture fixture(UserId user, String name) {
    StoredCredentials credentials = new StoredCredentials(user, PASSWORD_HASH, 1, Optional.of(T0), 0, Optional.empty(), T0);
    UUID session = newSession(user);
    StoredRefreshToken refresh = newRefreshToken(user, session, name + "-refresh", T0.plus(Duration.ofDays(30)));
    StoredResetToken reset = new StoredResetToken(hash(name + "-reset"), user, T0, T0.plus(Duration.ofHours(1)));
    LoginAttempt attempt = attempt(Optional.of(user), LoginOutcome.WRONG_PASSWORD, T0);
    write(a -> {
      a.saveCredentials(credentials);
      a.insertResetToken(reset);
      a.recordAttempt(attempt);
    });
    return new Fixture(credentials, session, refresh.tokenHash(), refresh, reset.tokenHash(), reset, attempt);
  }

  private void assertRowsAreAsBefore(UserId user, Fixture before) {
    assertThat(credentials(user)).contains(before.credentials());
    assertThat(isSessionActive(before.session())).isTrue();
    assertThat(refreshTokenForUpdate(before.refreshHash())).contains(before.refresh());
    assertThat(resetTokenForUpdate(before.resetHash())).contains(before.reset());
    assertThat(attempts(user, 10)).containsExactly(before.attempt());
  }

  // One transaction per call; typed, so that assertThat picks its overload.
  private Optional<StoredCredentials> credentials(UserId user) {
    return stores.inTransaction(tx -> tx.auth().credentials(user));
  }

  private Optional<StoredCredentials> credentialsForUpdate(UserId user) {
    return stores.inTransaction(tx -> tx.auth().credentialsForUpdate(user));
  }

  private boolean isSessionActive(UUID session) {
    return stores.inTransaction(tx -> tx.auth().isSessionActive(session));
  }

  private boolean revokeSession(UUID session, Instant at) {
    return stores.inTransaction(tx -> tx.auth().revokeSession(session, at));
  }

  private int revokeSessionsOf(UserId user, Instant at) {
    return stores.inTransaction(tx -> tx.auth().revokeSessionsOf(user, at));
  }

  private Optional<StoredRefreshToken> refreshTokenForUpdate(String tokenHash) {
    return stores.inTransaction(tx -> tx.auth().refreshTokenForUpdate(tokenHash));
  }

  private boolean markRefreshTokenUsed(String tokenHash, Instant at) {
    return stores.inTransaction(tx -> tx.auth().markRefreshTokenUsed(tokenHash, at));
  }

  private Optional<TokenCheck> check(UserId user, UUID session, String jti) {
    return stores.inTransaction(tx -> tx.auth().checkToken(user, session, jti));
  }

  private Optional<PendingRegistration> registrationForUpdate(Email email) {
    return stores.inTransaction(tx -> tx.auth().registrationForUpdate(email));
  }

  private boolean deleteRegistration(Email email) {
    return stores.inTransaction(tx -> tx.auth().deleteRegistration(email));
  }

  private boolean revokeSessionOf(UserId user, UUID session) {
    Boolean revoked = stores.inTransaction(tx -> tx.auth().revokeSessionOf(user, session, T0));
    return revoked;
  }

  private Optional<StoredResetToken> resetTokenForUpdate(String tokenHash) {
    return stores.inTransaction(tx -> tx.auth().resetTokenForUpdate(tokenHash));
  }

  private int deleteResetTokensOf(UserId user) {
    return stores.inTransaction(tx -> tx.auth().deleteResetTokensOf(user));
  }

  private List<LoginAttempt> attempts(UserId user, int limit) {
    return stores.inTransaction(tx -> tx.auth().attempts(user, limit));
  }

  private Optional<StoredAppPassword> appPassword() {
    return stores.inTransaction(tx -> tx.auth().appPassword());
  }

  private Optional<StoredAppPassword> appPasswordForUpdate() {
    return stores.inTransaction(tx -> tx.auth().appPasswordForUpdate());
  }

  private int purgeExpired(Instant now, Instant attemptsBefore) {
    return stores.inTransaction(tx -> tx.auth().purgeExpired(now, attemptsBefore));
  }

  private void write(Consumer<AuthStore> work) {
    stores.inTransaction(tx -> {
      work.accept(tx.auth());
      return null;
    });
  }


  /** A user with an account, as the service creates them. */
  private UserId newUser() {
    return insertUser(User.builder(newId()).createdAt(T0).build()).id();
  }

  private User insertUser(User user) {
    stores.inTransaction(tx -> {
      tx.users().insert(user);
      tx.ledger().createAccount(user.id(), Credits.ZERO);
      return null;
    });
    return user;
  }

  private UUID newSession(UserId user) {
    UUID id = newUuid();
    write(a -> a.insertSession(new StoredSession(id, user, T0, Optional.empty())));
    return id;
  }

  private StoredRefreshToken newRefreshToken(UserId user, UUID session, String name, Instant expiresAt) {
    StoredRefreshToken token = new StoredRefreshToken(hash(name), session, user, T0, expiresAt, Optional.empty());
    write(a -> a.insertRefreshToken(token));
    return token;
  }

  private static PendingRegistration registration(Email email, Instant expiresAt) {
    return new PendingRegistration(email, Optional.of(hash("code-" + email)), Optional.of(PASSWORD_HASH),
        Optional.of("Ann"), 0, T0, expiresAt);
  }

  private static LoginAttempt attempt(Optional<UserId> user, LoginOutcome outcome, Instant at) {
    return new LoginAttempt(newUuid(), user, outcome, at, Optional.of("203.0.113.7"), Optional.empty());
  }

  private static UserId newId() {
    return new UserId(newUuid());
  }

  /** Distinct and increasing within a run, like the v7 ids the service makes. */
  private static UUID newUuid() {
    return new UUID(0x0190_0000_0000_7000L + ((long) SEQUENCE.incrementAndGet() << 16),
        0x8000_0000_0000_0000L | System.nanoTime() & 0x3FFF_FFFF_FFFF_FFFFL);
  }

  /** What the service stores for a token or code: the lower-case hex SHA-256. */
  private static String hash(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
