package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.ForbiddenException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.AppPassword;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.ImportResult;
import dev.usersdk.auth.ImportedUser;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SessionInfo;
import dev.usersdk.auth.SigningKeys;
import dev.usersdk.auth.VerifiedIdentity;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.auth.password.WeakPasswordException;
import dev.usersdk.ledger.Credits;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.TokenSpellings;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auth flows ({@code client.auth()}) on a given store: registration, login, lockout, sessions,
 * refresh rotation, logout, password change and reset, the modes and the shared app password, with
 * their concurrency guarantees. Store implementations extend this class as they extend
 * {@link AuthStoreContract}. Hashing uses cheap test-only parameters.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class AuthContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  protected static final Password PASSWORD = Password.of("correct horse battery");
  protected static final Password OTHER = Password.of("another long passphrase");

  protected Stores stores;
  protected ManualClock clock;
  protected RecordingNotifier notifier;
  protected UserClient client;
  protected Auth auth;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    clock = ManualClock.create();
    notifier = new RecordingNotifier();
    client = client(config -> config);
    auth = client.auth();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  /** A client on this test's stores, clock and notifier, with the auth settings adjusted. */
  protected UserClient client(UnaryOperator<AuthConfig.Builder> authSettings) {
    return client(UserSdkConfig.builder().environment(Environment.DEVELOPMENT), authSettings);
  }

  protected UserClient client(UserSdkConfig.Builder config, UnaryOperator<AuthConfig.Builder> authSettings) {
    return client(config, authSettings, UnaryOperator.identity());
  }

  private UserClient client(UserSdkConfig.Builder config, UnaryOperator<AuthConfig.Builder> authSettings,
      UnaryOperator<UserClient.Builder> more) {
    AuthConfig authConfig = authSettings.apply(AuthConfig.builder().jwtSecret(SECRET)
        .resetLinkTemplate("https://app.example.com/reset?token={token}")).build();
    return more.apply(UserClient.builder().stores(stores).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(config.auth(authConfig).build()))
        .build();
  }

  private User registered(String email) {
    auth.register(email, PASSWORD, "Ann");
    return auth.confirmRegistration(email, notifier.lastCode(email).orElseThrow());
  }

  private StoredCredentials credentials(UserId id) {
    return stores.inTransaction(tx -> tx.auth().credentials(id)).orElseThrow();
  }

  // ----- registration --------------------------------------------------------------------------

  @Test
  void registersWithAnEmailedCode() {
    auth.register("Ann@Example.com", PASSWORD, "Ann");

    String code = notifier.lastCode("ann@example.com").orElseThrow();
    assertThat(code).matches("[0-9]{6}");
    assertThat(client.users().findByEmail("ann@example.com")).as("nothing before the code").isEmpty();

    User ann = auth.confirmRegistration("ann@example.com", code);

    assertThat(ann.status()).isEqualTo(UserStatus.APPROVED);
    assertThat(ann.emailVerified()).isTrue();
    assertThat(ann.profile().name()).isEqualTo("Ann");
    assertThat(ann.passwordChangedAt()).contains(clock.instant());
    assertThat(client.ledger().balance(ann.id()).posted()).isEqualTo(UserSdkConfig.STANDARD_DEFAULT_BALANCE);
    assertThat(credentials(ann.id()).passwordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD.reveal());
    assertThat(auth.authenticate(auth.login("ann@example.com", PASSWORD).accessToken()).userId()).isEqualTo(ann.id());
    assertThatThrownBy(() -> auth.confirmRegistration("ann@example.com", code))
        .as("a code works once").isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void registeringAnExistingEmailLooksTheSameAndSendsANotice() {
    registered("ann@example.com");
    notifier.clear();
    clock.advance(Duration.ofMinutes(2));

    auth.register("ann@example.com", OTHER, "Mallory"); // no exception, nothing to tell the caller

    assertThat(notifier.sentTo("ann@example.com")).singleElement().isInstanceOf(Notification.AccountAlreadyExists.class);
    assertThatThrownBy(() -> auth.confirmRegistration("ann@example.com", "123456")).isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.login("ann@example.com", OTHER)).isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void wrongCodesAreLimitedAndCodesExpire() {
    auth.register("ann@example.com", PASSWORD, null);
    String code = notifier.lastCode("ann@example.com").orElseThrow();
    String wrong = code.equals("000000") ? "000001" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> auth.confirmRegistration("ann@example.com", wrong)).isInstanceOf(InvalidCodeException.class);
    }
    assertThatThrownBy(() -> auth.confirmRegistration("ann@example.com", code))
        .as("used up after 5 wrong codes").isInstanceOf(InvalidCodeException.class);

    clock.advance(Duration.ofSeconds(61));
    auth.register("bob@example.com", PASSWORD, null);
    String bobs = notifier.lastCode("bob@example.com").orElseThrow();
    clock.advance(Duration.ofMinutes(15));
    assertThatThrownBy(() -> auth.confirmRegistration("bob@example.com", bobs))
        .as("expired after 15 minutes").isInstanceOf(InvalidCodeException.class);
    assertThat(client.users().findByEmail("bob@example.com")).isEmpty();
  }

  @Test
  void resendingWaitsForTheCooldownAndReplacesTheCode() {
    auth.register("ann@example.com", PASSWORD, null);
    String first = notifier.lastCode("ann@example.com").orElseThrow();
    clock.advance(Duration.ofSeconds(30));
    auth.register("ann@example.com", PASSWORD, null);
    assertThat(notifier.sentTo("ann@example.com")).as("within the cooldown").hasSize(1);

    clock.advance(Duration.ofSeconds(31));
    auth.register("ann@example.com", PASSWORD, null);
    assertThat(notifier.sentTo("ann@example.com")).hasSize(2);
    String second = notifier.lastCode("ann@example.com").orElseThrow();
    if (!second.equals(first)) {
      assertThatThrownBy(() -> auth.confirmRegistration("ann@example.com", first)).isInstanceOf(InvalidCodeException.class);
    }
    assertThat(auth.confirmRegistration("ann@example.com", second).email()).isPresent();
  }

  @Test
  void weakPasswordsAreRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(() -> auth.register("ann@example.com", Password.of("short"), null))
        .isInstanceOf(WeakPasswordException.class)
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> auth.register("ann@example.com", Password.of("x".repeat(129)), null))
        .isInstanceOf(WeakPasswordException.class);
    assertThat(notifier.sent()).isEmpty();
    java.util.Optional<dev.usersdk.spi.PendingRegistration> pending =
        stores.inTransaction(tx -> tx.auth().registrationForUpdate(dev.usersdk.user.Email.of("ann@example.com")));
    assertThat(pending).isEmpty();
  }

  @Test
  void confirmedUsersWaitForApprovalWhenRequired() {
    UserClient strict = client(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).requireApproval(true), c -> c);
    strict.auth().register("ann@example.com", PASSWORD, null);
    User ann = strict.auth().confirmRegistration("ann@example.com", notifier.lastCode("ann@example.com").orElseThrow());

    assertThat(ann.status()).isEqualTo(UserStatus.PENDING);
    assertThatThrownBy(() -> strict.auth().login("ann@example.com", PASSWORD)).isInstanceOf(AccountPendingException.class);
    assertThatThrownBy(() -> strict.auth().login("ann@example.com", OTHER))
        .as("the status is only told to who knows the password").isInstanceOf(InvalidCredentialsException.class);

    User admin = strict.users().create(NewUser.email("admin@example.com").admin(true).status(UserStatus.APPROVED));
    strict.users().approve(ann.id(), admin.id());
    assertThat(strict.auth().login("ann@example.com", PASSWORD).userId()).isEqualTo(ann.id());
  }

  @Test
  void theFirstConfirmedRegistrationClaimsTheLegacyOwner() {
    User owner = client.users().create(NewUser.external(dev.usersdk.user.AuthProvider.PASSWORD, "legacy-owner"));
    client.ledger().credit(owner.id(), Credits.of("7"), dev.usersdk.ledger.IdempotencyKey.of("old-data"), "kept");
    UserClient claiming = client(c -> c.legacyOwnerId(owner.id()));

    claiming.auth().register("owner@example.com", PASSWORD, "Owner");
    User claimed = claiming.auth().confirmRegistration("owner@example.com", notifier.lastCode("owner@example.com").orElseThrow());

    assertThat(claimed.id()).isEqualTo(owner.id());
    assertThat(claimed.email()).map(Object::toString).contains("owner@example.com");
    assertThat(claiming.ledger().balance(owner.id()).posted()).isEqualTo(Credits.of("12"));
    assertThat(claiming.auth().login("owner@example.com", PASSWORD).userId()).isEqualTo(owner.id());

    clock.advance(Duration.ofMinutes(2));
    claiming.auth().register("second@example.com", PASSWORD, null);
    User second = claiming.auth().confirmRegistration("second@example.com", notifier.lastCode("second@example.com").orElseThrow());
    assertThat(second.id()).as("only the first claims the owner").isNotEqualTo(owner.id());
  }

  @Test
  void twoConfirmationsOfOneCodeCreateOneUser() {
    auth.register("ann@example.com", PASSWORD, null);
    String code = notifier.lastCode("ann@example.com").orElseThrow();

    List<Race.Outcome<User>> outcomes = Race.run(8, i -> () -> auth.confirmRegistration("ann@example.com", code));

    assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).allSatisfy(o -> assertThat(o.failure()).isInstanceOf(InvalidCodeException.class));
    assertThat(client.users().list(dev.usersdk.user.UserQuery.all()).items()).hasSize(1);
  }

  @Test
  void theAdminPathCreatesAUserWithAPassword() {
    User bob = auth.createUser(NewUser.email("bob@example.com"), PASSWORD);
    assertThat(auth.login("bob@example.com", PASSWORD).userId()).isEqualTo(bob.id());
    assertThatThrownBy(() -> auth.createUser(NewUser.email("carl@example.com"), Password.of("short")))
        .isInstanceOf(WeakPasswordException.class);
    assertThat(client.users().findByEmail("carl@example.com")).as("no half-created user").isEmpty();
  }

  // ----- login and lockout -----------------------------------------------------------------------

  @Test
  void unknownEmailsAndWrongPasswordsFailAlikeAndAreRecorded() {
    User ann = registered("ann@example.com");
    LoginContext context = LoginContext.of("203.0.113.7", "curl/8");

    InvalidCredentialsException wrong = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidCredentialsException.class, () -> auth.login("ann@example.com", OTHER, context));
    InvalidCredentialsException unknown = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidCredentialsException.class, () -> auth.login("nobody@example.com", OTHER, context));
    auth.login("ann@example.com", PASSWORD, context);

    assertThat(wrong.getMessage()).isEqualTo(unknown.getMessage());
    assertThat(wrong.code()).isEqualTo(unknown.code());
    List<LoginAttempt> attempts = auth.loginAttempts(ann.id(), 10);
    assertThat(attempts).extracting(LoginAttempt::outcome).containsExactly(LoginOutcome.SUCCESS, LoginOutcome.WRONG_PASSWORD);
    assertThat(attempts.get(0).clientAddress()).contains("203.0.113.7");
    assertThat(attempts.get(0).userAgent()).contains("curl/8");
    assertThat(client.users().get(ann.id()).lastLoginAt()).contains(clock.instant());
  }

  @Test
  void locksTheAccountWithGrowingWaits() {
    registered("ann@example.com");
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> auth.login("ann@example.com", OTHER)).isInstanceOf(InvalidCredentialsException.class);
    }
    InvalidCredentialsException locked = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidCredentialsException.class, () -> auth.login("ann@example.com", PASSWORD));
    assertThat(locked.retryAfter()).as("not revealed unless opted in").isEmpty();

    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> auth.login("ann@example.com", OTHER)).isInstanceOf(InvalidCredentialsException.class);
    UserId ann = client.users().findByEmail("ann@example.com").orElseThrow().id();
    assertThat(credentials(ann).lockouts()).isEqualTo(2);
    assertThat(credentials(ann).lockedUntil()).contains(clock.instant().plus(Duration.ofMinutes(2)));

    clock.advance(Duration.ofMinutes(2));
    assertThat(auth.login("ann@example.com", PASSWORD).userId()).isEqualTo(ann);
    assertThat(credentials(ann).lockouts()).as("success starts over").isZero();
    assertThat(credentials(ann).failedAttempts()).isZero();
  }

  @Test
  void revealsRetryAfterOnlyWhenAskedTo() {
    Auth revealing = client(c -> c.revealRetryAfter(true).maxFailedLogins(3)).auth();
    registered("ann@example.com");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> revealing.login("ann@example.com", OTHER)).isInstanceOf(InvalidCredentialsException.class);
    }
    InvalidCredentialsException locked = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidCredentialsException.class, () -> revealing.login("ann@example.com", PASSWORD));
    assertThat(locked.retryAfter()).contains(Duration.ofMinutes(1));
    auth.unlock(client.users().findByEmail("ann@example.com").orElseThrow().id());
    assertThat(revealing.login("ann@example.com", PASSWORD)).isNotNull();
  }

  @Test
  void countsConcurrentFailuresExactly() {
    User ann = registered("ann@example.com");
    Auth lenient = client(c -> c.maxFailedLogins(100)).auth();

    List<Race.Outcome<Session>> outcomes = Race.run(50, i -> () -> lenient.login("ann@example.com", OTHER));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isInstanceOf(InvalidCredentialsException.class));
    assertThat(credentials(ann.id()).failedAttempts()).isEqualTo(50);
    assertThat(auth.loginAttempts(ann.id(), 100)).hasSize(50)
        .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(LoginOutcome.WRONG_PASSWORD));
  }

  @Test
  void concurrentFailuresLockAfterExactlyTheLimit() {
    User ann = registered("ann@example.com");

    Race.run(50, i -> () -> auth.login("ann@example.com", OTHER));

    List<LoginAttempt> attempts = auth.loginAttempts(ann.id(), 100);
    assertThat(attempts).filteredOn(a -> a.outcome() == LoginOutcome.WRONG_PASSWORD).hasSize(10);
    assertThat(attempts).filteredOn(a -> a.outcome() == LoginOutcome.LOCKED).hasSize(40);
    assertThat(credentials(ann.id()).lockouts()).isEqualTo(1);
  }

  @Test
  void upgradesOlderHashesOnSuccessfulLogin() {
    User bob = client.users().create(NewUser.email("bob@example.com"));
    String bcrypt = PasswordHashers.bcrypt(10).hash(PASSWORD);
    stores.inTransaction(tx -> {
      tx.auth().saveCredentials(StoredCredentials.of(bob.id(), bcrypt, clock.instant()));
      return null;
    });
    assertThatThrownBy(() -> auth.login("bob@example.com", OTHER)).isInstanceOf(InvalidCredentialsException.class);
    assertThat(credentials(bob.id()).passwordHash()).as("not on a failure").isEqualTo(bcrypt);

    auth.login("bob@example.com", PASSWORD);

    assertThat(credentials(bob.id()).passwordHash()).startsWith("$argon2id$");
    assertThat(auth.login("bob@example.com", PASSWORD)).isNotNull();
  }

  // ----- tokens and sessions ---------------------------------------------------------------------

  @Test
  void authenticatesAccessTokens() {
    User ann = registered("ann@example.com");
    Session session = auth.login("ann@example.com", PASSWORD);

    Principal principal = auth.authenticate(session.accessToken());

    assertThat(principal.userId()).isEqualTo(ann.id());
    assertThat(principal.mode()).isEqualTo(AuthMode.PASSWORD);
    assertThat(principal.admin()).isFalse();
    assertThat(principal.expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThatThrownBy(() -> auth.requireAdmin(principal)).isInstanceOf(ForbiddenException.class);
    assertThat(session.toString()).doesNotContain(session.accessToken()).doesNotContain(session.refreshToken());

    clock.advance(Duration.ofMinutes(15).plusSeconds(31));
    assertThatThrownBy(() -> auth.authenticate(session.accessToken()))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
  }

  @Test
  void refusesForgedAndForeignTokens() throws Exception {
    registered("ann@example.com");
    String token = auth.login("ann@example.com", PASSWORD).accessToken();
    String[] parts = token.split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();

    String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String tampered = parts[0] + "." + b64.encodeToString(payload.replace("\"sub\":\"", "\"sub\":\"0").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
        SignedJWT.parse(token).getJWTClaimsSet());
    foreign.sign(new MACSigner("another-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8)));
    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    SignedJWT untyped = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims);
    untyped.sign(new MACSigner(SECRET));
    SignedJWT noExp = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
        new JWTClaimsSet.Builder(claims).expirationTime(null).build());
    noExp.sign(new MACSigner(SECRET));
    SignedJWT otherAudience = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
        new JWTClaimsSet.Builder(claims).audience("someone-else").build());
    otherAudience.sign(new MACSigner(SECRET));
    SignedJWT notYet = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
        new JWTClaimsSet.Builder(claims).notBeforeTime(Date.from(clock.instant().plus(Duration.ofMinutes(5)))).build());
    notYet.sign(new MACSigner(SECRET));

    for (String bad : List.of(none, tampered, foreign.serialize(), untyped.serialize(), noExp.serialize(),
        otherAudience.serialize(), notYet.serialize(), "garbage", "a.b.c", token + "x", "x".repeat(10_000))) {
      assertThatThrownBy(() -> auth.authenticate(bad)).isInstanceOf(InvalidTokenException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
    }
    assertThatThrownBy(() -> auth.authenticate(null)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void pendingAndDisabledUsersAreDistinctAndDisablingEndsSessions() {
    User ann = registered("ann@example.com");
    String token = auth.login("ann@example.com", PASSWORD).accessToken();

    client.users().disable(ann.id());
    assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOf(AccountDisabledException.class);

    client.users().enable(ann.id());
    assertThatThrownBy(() -> auth.authenticate(token))
        .as("re-enabling does not revive old tokens").isInstanceOf(InvalidTokenException.class);
    assertThat(auth.authenticate(auth.login("ann@example.com", PASSWORD).accessToken()).userId()).isEqualTo(ann.id());
  }

  @Test
  void refreshRotatesAndAReusedTokenRevokesTheFamily() {
    registered("ann@example.com");
    Session first = auth.login("ann@example.com", PASSWORD);
    Session second = auth.refresh(first.refreshToken());

    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(auth.authenticate(second.accessToken()).sessionId()).isEqualTo(auth.authenticate(first.accessToken()).sessionId());

    assertThatThrownBy(() -> auth.refresh(first.refreshToken()))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("already used");
    assertThatThrownBy(() -> auth.refresh(second.refreshToken())).as("the family is revoked").isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.authenticate(second.accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.refresh("not-a-token")).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void refreshTokensExpire() {
    registered("ann@example.com");
    Session session = auth.login("ann@example.com", PASSWORD);
    clock.advance(Duration.ofDays(30));
    assertThatThrownBy(() -> auth.refresh(session.refreshToken()))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
  }

  @Test
  void oneRefreshTokenRacedGivesOneSessionAndRevokesTheFamily() {
    registered("ann@example.com");
    Session session = auth.login("ann@example.com", PASSWORD);

    List<Race.Outcome<Session>> outcomes = Race.run(2, i -> () -> auth.refresh(session.refreshToken()));

    List<Session> issued = outcomes.stream().filter(Race.Outcome::succeeded).map(Race.Outcome::value).toList();
    assertThat(issued).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).singleElement()
        .satisfies(o -> assertThat(o.failure()).isInstanceOf(InvalidTokenException.class));
    assertThatThrownBy(() -> auth.refresh(issued.get(0).refreshToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.authenticate(issued.get(0).accessToken())).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void logoutEndsOneSessionAndLogoutEverywhereAll() {
    User ann = registered("ann@example.com");
    Session phone = auth.login("ann@example.com", PASSWORD);
    Session laptop = auth.login("ann@example.com", PASSWORD);
    Session tablet = auth.login("ann@example.com", PASSWORD);

    auth.logout(phone.accessToken());

    assertThatThrownBy(() -> auth.authenticate(phone.accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.refresh(phone.refreshToken())).isInstanceOf(InvalidTokenException.class);
    assertThat(auth.authenticate(laptop.accessToken()).userId()).isEqualTo(ann.id());

    auth.logoutEverywhere(ann.id());
    for (Session s : List.of(laptop, tablet)) {
      assertThatThrownBy(() -> auth.authenticate(s.accessToken())).isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> auth.refresh(s.refreshToken())).isInstanceOf(InvalidTokenException.class);
    }
  }

  @Test
  void changingThePasswordEndsOtherSessions() {
    User ann = registered("ann@example.com");
    Session old = auth.login("ann@example.com", PASSWORD);

    assertThatThrownBy(() -> auth.changePassword(ann.id(), OTHER, OTHER)).isInstanceOf(InvalidCredentialsException.class);
    Session fresh = auth.changePassword(ann.id(), PASSWORD, OTHER);

    assertThat(auth.authenticate(fresh.accessToken()).userId()).isEqualTo(ann.id());
    assertThatThrownBy(() -> auth.authenticate(old.accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.login("ann@example.com", PASSWORD)).isInstanceOf(InvalidCredentialsException.class);
    assertThat(auth.login("ann@example.com", OTHER)).isNotNull();
  }

  @Test
  void logoutEndsTheSessionFromAnExpiredTokenARefreshTokenOrItsId() throws Exception {
    User ann = registered("ann@example.com");
    Session expired = auth.login("ann@example.com", PASSWORD);
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> auth.authenticate(expired.accessToken())).isInstanceOf(InvalidTokenException.class);
    auth.logout(expired.accessToken());
    assertThatThrownBy(() -> auth.refresh(expired.refreshToken())).as("its refresh token ended with it")
        .isInstanceOf(InvalidTokenException.class);

    Session kept = auth.login("ann@example.com", PASSWORD);
    auth.logoutRefreshToken(kept.refreshToken());
    assertThatThrownBy(() -> auth.authenticate(kept.accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.refresh(kept.refreshToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.logoutRefreshToken("made-up")).isInstanceOf(InvalidTokenException.class);

    Session phone = auth.login("ann@example.com", PASSWORD);
    Session laptop = auth.login("ann@example.com", PASSWORD);
    User bob = auth.createUser(NewUser.email("bob@example.com"), PASSWORD);
    java.util.UUID phoneSession = auth.authenticate(phone.accessToken()).sessionId().orElseThrow();
    assertThat(auth.endSession(bob.id(), phoneSession)).as("not bob's session").isFalse();
    assertThat(auth.authenticate(phone.accessToken()).userId()).isEqualTo(ann.id());
    assertThat(auth.endSession(ann.id(), phoneSession)).isTrue();
    assertThat(auth.endSession(ann.id(), phoneSession)).as("idempotent").isFalse();
    assertThatThrownBy(() -> auth.authenticate(phone.accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThat(auth.authenticate(laptop.accessToken()).userId()).as("the other device stays").isEqualTo(ann.id());

    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
        SignedJWT.parse(laptop.accessToken()).getJWTClaimsSet());
    forged.sign(new MACSigner("another-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> auth.logout(forged.serialize())).isInstanceOf(InvalidTokenException.class);
    assertThat(auth.authenticate(laptop.accessToken()).userId()).as("a forged logout ends nothing").isEqualTo(ann.id());
  }

  @Test
  void aSessionEndsAfterItsAbsoluteLifetimeHoweverOftenItIsRefreshed() {
    registered("ann@example.com");
    java.time.Instant start = clock.instant();
    Session session = auth.login("ann@example.com", PASSWORD);
    for (int day = 20; day <= 80; day += 20) {
      clock.advance(Duration.ofDays(20));
      session = auth.refresh(session.refreshToken());
      assertThat(session.refreshTokenExpiresAt()).as("day %d", day).isBeforeOrEqualTo(start.plus(Duration.ofDays(90)));
    }
    Session last = session;
    clock.advance(Duration.ofDays(10).plusSeconds(1)); // day 90: the default lifetime is over
    assertThatThrownBy(() -> auth.refresh(last.refreshToken())).isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");

    Session idle = auth.login("ann@example.com", PASSWORD);
    clock.advance(Duration.ofDays(30).plusSeconds(1)); // the idle timeout: the refresh token's lifetime
    assertThatThrownBy(() -> auth.refresh(idle.refreshToken())).isInstanceOf(InvalidTokenException.class);

    UserClient shortLived = client(c -> c.sessionLifetime(Duration.ofHours(12)));
    Session brief = shortLived.auth().login("ann@example.com", PASSWORD);
    assertThat(brief.refreshTokenExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
  }

  @Test
  void listsTheDevicesOfAUserAndSignsOutTheOthers() {
    User ann = registered("ann@example.com");
    Session phone = auth.login("ann@example.com", PASSWORD, LoginContext.of("10.0.0.1", "Phone"));
    clock.advance(Duration.ofMinutes(1));
    Session laptop = auth.login("ann@example.com", PASSWORD, LoginContext.of("10.0.0.2", "Laptop"));
    User bob = auth.createUser(NewUser.email("bob@example.com"), PASSWORD);
    Session bobs = auth.login("bob@example.com", PASSWORD);
    Principal me = auth.authenticate(laptop.accessToken());

    List<SessionInfo> devices = auth.sessions(me);
    assertThat(devices).extracting(SessionInfo::userAgent)
        .containsExactly(java.util.Optional.of("Laptop"), java.util.Optional.of("Phone"));
    assertThat(devices).extracting(SessionInfo::current).containsExactly(true, false);
    assertThat(devices.get(1).clientAddress()).contains("10.0.0.1");

    clock.advance(Duration.ofMinutes(5));
    auth.refresh(phone.refreshToken());
    List<SessionInfo> afterUse = auth.sessionsOf(ann.id());
    assertThat(afterUse.get(0).userAgent()).as("most recently used first").contains("Phone");
    assertThat(afterUse.get(0).lastUsedAt()).isEqualTo(clock.instant());
    assertThat(afterUse).extracting(SessionInfo::current).containsOnly(false);

    assertThat(auth.endOtherSessions(me)).isEqualTo(1);
    assertThat(auth.sessions(me)).extracting(SessionInfo::id).containsExactly(me.sessionId().orElseThrow());
    assertThat(auth.authenticate(laptop.accessToken()).userId()).isEqualTo(ann.id());
    assertThat(auth.authenticate(bobs.accessToken()).userId()).as("other users untouched").isEqualTo(bob.id());
    assertThat(auth.sessionsOf(bob.id())).hasSize(1);
  }

  @Test
  void rotatingTheSigningKeyKeepsSessionsAndPendingCodesUntilTheyExpire() throws Exception {
    byte[] next = "the-next-hs256-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    User ann = registered("ann@example.com");
    Session before = auth.login("ann@example.com", PASSWORD);
    auth.register("bob@example.com", PASSWORD, "Bob");
    String code = notifier.lastCode("bob@example.com").orElseThrow();

    Auth rotated = client(c -> c.jwtSecret(next).previousJwtSecrets(SECRET)).auth();
    assertThat(rotated.authenticate(before.accessToken()).userId()).as("signed with the previous key").isEqualTo(ann.id());
    Session after = rotated.refresh(before.refreshToken());
    assertThat(SignedJWT.parse(after.accessToken()).getHeader().getKeyID())
        .isNotEqualTo(SignedJWT.parse(before.accessToken()).getHeader().getKeyID());
    assertThat(rotated.confirmRegistration("bob@example.com", code).email()).isPresent();
    assertThatThrownBy(() -> auth.authenticate(after.accessToken())).as("the old client does not know the new key")
        .isInstanceOf(InvalidTokenException.class);

    Session lastOld = auth.login("ann@example.com", PASSWORD);
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> rotated.authenticate(lastOld.accessToken())).as("until it expires")
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    Auth withoutPrevious = client(c -> c.jwtSecret(next)).auth();
    Session fresh = auth.login("ann@example.com", PASSWORD);
    assertThatThrownBy(() -> withoutPrevious.authenticate(fresh.accessToken())).as("a dropped key verifies nothing")
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> client(c -> c.previousJwtSecrets("short".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void es256TokensVerifyWithThePublishedPublicKeysAndRotate() throws Exception {
    com.nimbusds.jose.jwk.ECKey first = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
        .keyIDFromThumbprint(true).generate();
    User ann = registered("ann@example.com");
    Auth es256 = client(c -> c.signingKeys(SigningKeys.es256(first.toJSONString()))).auth();

    String token = es256.login("ann@example.com", PASSWORD).accessToken();
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(first.getKeyID());
    assertThat(es256.authenticate(token).userId()).isEqualTo(ann.id());

    com.nimbusds.jose.jwk.JWKSet published = com.nimbusds.jose.jwk.JWKSet.parse(es256.publicKeys());
    assertThat(published.getKeys()).hasSize(1);
    assertThat(published.getKeys().get(0).isPrivate()).as("never the private part").isFalse();
    assertThat(jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(published.getKeys().get(0).toECKey())))
        .as("another service verifies with the published key alone").isTrue();
    assertThat(com.nimbusds.jose.jwk.JWKSet.parse(auth.publicKeys()).getKeys()).as("HS256 publishes nothing").isEmpty();
    String hs256 = auth.login("ann@example.com", PASSWORD).accessToken();
    assertThatThrownBy(() -> es256.authenticate(hs256)).isInstanceOf(InvalidTokenException.class);

    com.nimbusds.jose.jwk.ECKey second = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
        .keyIDFromThumbprint(true).generate();
    Auth rotated = client(c -> c.signingKeys(
        SigningKeys.es256(second.toJSONString(), first.toPublicJWK().toJSONString()))).auth();
    assertThat(rotated.authenticate(token).userId()).as("signed before the rotation").isEqualTo(ann.id());
    assertThat(com.nimbusds.jose.jwk.JWKSet.parse(rotated.publicKeys()).getKeys()).hasSize(2);
    assertThat(SignedJWT.parse(rotated.login("ann@example.com", PASSWORD).accessToken()).getHeader().getKeyID())
        .isEqualTo(second.getKeyID());
    assertThatThrownBy(() -> SigningKeys.es256("not a key")).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SigningKeys.es256(first.toPublicJWK().toJSONString()))
        .as("a public key cannot sign").isInstanceOf(ConfigurationException.class);
    assertThat(SigningKeys.es256(first.toJSONString()).toString()).doesNotContain(first.getD().toString());
  }

  @Test
  void importsExistingUsersWithTheirHashesOnceAndUpgradesThemAtLogin() throws Exception {
    String plain = "correct horse battery"; // PASSWORD
    byte[] salt = new byte[16];
    String bcrypt = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2b", plain.toCharArray(), salt, 4);
    String django = djangoPbkdf2(plain, "salt1234", 1000);
    String argon2 = PasswordHashers.argon2idForTestsOnly(64, 1).hash(PASSWORD);
    java.time.Instant created = java.time.Instant.parse("2024-03-01T10:00:00Z");
    User taken = registered("taken@example.com");
    List<ImportedUser> file = List.of(
        ImportedUser.of(UserId.of(java.util.UUID.randomUUID()), created).email("b@example.com").emailVerified(true)
            .passwordHash(bcrypt).balance(Credits.of("12.50")).admin(true),
        ImportedUser.of(UserId.of(java.util.UUID.randomUUID()), created).email("d@example.com")
            .passwordHash(django).balance(Credits.of("3")).name("Dee"),
        ImportedUser.of(UserId.of(java.util.UUID.randomUUID()), created).email("a@example.com")
            .passwordHash(argon2).status(UserStatus.PENDING),
        ImportedUser.of(UserId.of(java.util.UUID.randomUUID()), created).email("x@example.com").passwordHash("md5:abc"),
        ImportedUser.of(UserId.of(java.util.UUID.randomUUID()), created).email("taken@example.com").passwordHash(bcrypt));

    List<ImportResult> first = auth.importUsers(file);

    assertThat(first).extracting(ImportResult::outcome).containsExactly(ImportResult.Outcome.IMPORTED,
        ImportResult.Outcome.IMPORTED, ImportResult.Outcome.IMPORTED, ImportResult.Outcome.REFUSED,
        ImportResult.Outcome.REFUSED);
    assertThat(first.get(3).problem()).hasValueSatisfying(p -> assertThat(p).contains("format").doesNotContain("md5:abc"));
    assertThat(client.users().find(file.get(3).id())).as("a refused row writes nothing").isEmpty();
    assertThat(client.users().findByEmail("taken@example.com")).map(User::id).contains(taken.id());

    User b = client.users().get(file.get(0).id());
    assertThat(b.createdAt()).isEqualTo(created);
    assertThat(b.admin()).isTrue();
    assertThat(b.emailVerified()).isTrue();
    assertThat(client.users().get(file.get(2).id()).status()).isEqualTo(UserStatus.PENDING);
    assertThat(client.ledger().balance(b.id()).available()).isEqualTo(Credits.of("12.50"));
    assertThat(client.ledger().history(b.id(), 10, null).items()).singleElement()
        .satisfies(e -> assertThat(e.memo()).contains("imported balance"));

    for (String email : List.of("b@example.com", "d@example.com")) {
      User user = client.users().findByEmail(email).orElseThrow();
      assertThat(auth.login(email, PASSWORD).userId()).as(email).isEqualTo(user.id());
      assertThat(credentials(user.id()).passwordHash()).as("upgraded at login").startsWith("$argon2id$");
      assertThat(auth.login(email, PASSWORD).userId()).isEqualTo(user.id());
    }

    List<ImportResult> again = auth.importUsers(file.subList(0, 3));
    assertThat(again).extracting(ImportResult::outcome).containsOnly(ImportResult.Outcome.ALREADY_PRESENT);
    assertThat(client.ledger().balance(b.id()).available()).as("nothing changed").isEqualTo(Credits.of("12.50"));
    assertThat(client.users().get(b.id()).version()).as("only the two logins wrote").isEqualTo(b.version() + 2);
  }

  private static String djangoPbkdf2(String password, String salt, int iterations) throws Exception {
    javax.crypto.SecretKeyFactory factory = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    byte[] hash = factory.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(),
        salt.getBytes(StandardCharsets.UTF_8), iterations, 256)).getEncoded();
    return "pbkdf2_sha256$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(hash);
  }

  // ----- password reset --------------------------------------------------------------------------

  @Test
  void resetsAPasswordWithASingleUseLink() {
    User ann = registered("ann@example.com");
    Session before = auth.login("ann@example.com", PASSWORD);
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> auth.login("ann@example.com", OTHER)).isInstanceOf(InvalidCredentialsException.class);
    }
    auth.requestPasswordReset("ann@example.com");
    String older = token(notifier.lastResetLink("ann@example.com").orElseThrow());
    clock.advance(Duration.ofMinutes(2)); // past the per-account cooldown
    auth.requestPasswordReset("ann@example.com");
    String link = notifier.lastResetLink("ann@example.com").orElseThrow();
    assertThat(link).startsWith("https://app.example.com/reset?token=");

    auth.resetPassword(token(link), OTHER);

    assertThatThrownBy(() -> auth.authenticate(before.accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThat(auth.login("ann@example.com", OTHER).userId()).as("lockout cleared, new password").isEqualTo(ann.id());
    assertThatThrownBy(() -> auth.resetPassword(token(link), PASSWORD)).as("single use").isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.resetPassword(older, PASSWORD)).as("others deleted").isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void resetBehavesTheSameForUnknownEmailsAndLinksExpire() {
    auth.requestPasswordReset("nobody@example.com");
    assertThat(notifier.sent()).isEmpty();

    registered("ann@example.com");
    auth.requestPasswordReset("ann@example.com");
    String link = notifier.lastResetLink("ann@example.com").orElseThrow();
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> auth.resetPassword(token(link), OTHER)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.resetPassword("made-up", OTHER)).isInstanceOf(InvalidTokenException.class);
    assertThat(auth.login("ann@example.com", PASSWORD)).isNotNull();
  }

  @Test
  void resetRequestsAreRateLimitedPerAccountWithoutTellingWhichExist() {
    registered("ann@example.com");
    for (int i = 0; i < 20; i++) {
      auth.requestPasswordReset("ann@example.com");
      auth.requestPasswordReset("nobody@example.com");
    }
    assertThat(resetLinksTo("ann@example.com")).as("one link per cooldown").isEqualTo(1);

    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(61));
      auth.requestPasswordReset("ann@example.com");
    }
    assertThat(resetLinksTo("ann@example.com")).as("five an hour").isEqualTo(5);
    clock.advance(Duration.ofHours(1));
    auth.requestPasswordReset("ann@example.com");
    assertThat(resetLinksTo("ann@example.com")).as("a new hour").isEqualTo(6);
  }

  @Test
  void anAccountLinkedToAnotherProviderKeepsItsPasswordAndCanResetIt() {
    User ann = registered("ann@example.com");
    User linked = client.users().resolveExternal(
        ExternalIdentity.of(dev.usersdk.user.AuthProvider.AUTH0, "auth0|ann").email("ann@example.com").emailVerified(true),
        dev.usersdk.user.ExternalAccountPolicy.defaults().linkVerifiedEmail(true));
    assertThat(linked.id()).isEqualTo(ann.id());
    assertThat(linked.authProvider()).isEqualTo(dev.usersdk.user.AuthProvider.AUTH0);

    auth.requestPasswordReset("ann@example.com");
    auth.resetPassword(token(notifier.lastResetLink("ann@example.com").orElseThrow()), OTHER);

    assertThat(auth.login("ann@example.com", OTHER).userId()).isEqualTo(ann.id());
  }

  @Test
  void registrationNeedsPasswordMode() {
    UserClient local = client(c -> c.modes(AuthMode.NONE));

    assertThatThrownBy(() -> local.auth().register("ann@example.com", PASSWORD, "Ann"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PASSWORD");
    assertThatThrownBy(() -> local.auth().confirmRegistration("ann@example.com", "123456"))
        .isInstanceOf(ConfigurationException.class);
    assertThat(notifier.sent()).isEmpty();
  }

  private long resetLinksTo(String email) {
    return notifier.sentTo(email).stream().filter(n -> n instanceof Notification.PasswordResetLink).count();
  }

  private static String token(String link) {
    return java.net.URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
  }

  // ----- modes and the app password ---------------------------------------------------------------

  @Test
  void noneModeIsOneLocalUserAndRefusedInProduction() {
    UserClient local = client(c -> c.modes(AuthMode.NONE));

    Principal first = local.auth().authenticate(null);
    Principal second = local.auth().authenticate("anything");

    assertThat(first.userId()).isEqualTo(second.userId());
    assertThat(first.mode()).isEqualTo(AuthMode.NONE);
    assertThat(first.admin()).isTrue();
    assertThat(local.users().list(dev.usersdk.user.UserQuery.all()).items()).hasSize(1);
    assertThatThrownBy(() -> UserSdkConfig.builder().environment(Environment.PRODUCTION)
        .auth(AuthConfig.builder().modes(AuthMode.NONE).jwtSecret(SECRET).build()).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("production");
  }

  @Test
  void routesEachTokenToTheAuthenticatorThatHandlesIt() {
    User carl = client.users().create(NewUser.external(dev.usersdk.user.AuthProvider.AUTH0, "auth0|carl"));
    registered("ann@example.com");
    Authenticator foreign = new Authenticator() {
      @Override
      public AuthMode mode() {
        return AuthMode.AUTH0;
      }

      @Override
      public boolean handles(String token) {
        return token.startsWith("foreign.");
      }

      @Override
      public VerifiedIdentity verify(String token) {
        String subject = token.substring("foreign.".length());
        if (!subject.startsWith("auth0|")) {
          throw new InvalidTokenException("unknown subject");
        }
        return new VerifiedIdentity(ExternalIdentity.of(dev.usersdk.user.AuthProvider.AUTH0, subject), "foreign",
            clock.instant().plusSeconds(300), java.util.Map.of());
      }
    };
    UserClient both = client(UserSdkConfig.builder().environment(Environment.DEVELOPMENT),
        c -> c.modes(AuthMode.AUTH0, AuthMode.PASSWORD), b -> b.authenticator(foreign));

    assertThat(both.auth().mode()).isEqualTo(AuthMode.AUTH0);
    assertThat(both.auth().authenticate("foreign.auth0|carl").provider()).isEqualTo(dev.usersdk.user.AuthProvider.AUTH0);
    assertThat(both.auth().authenticate("foreign.auth0|carl").userId()).isEqualTo(carl.id());
    assertThat(both.auth().authenticate(both.auth().login("ann@example.com", PASSWORD).accessToken()).mode())
        .isEqualTo(AuthMode.PASSWORD);
    assertThatThrownBy(() -> both.auth().authenticate("foreign.nobody")).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> client(c -> c).auth().authenticate("foreign.auth0|carl"))
        .as("without the authenticator, not ours").isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> client(UserSdkConfig.builder().environment(Environment.DEVELOPMENT), c -> c, b -> b.authenticator(foreign)))
        .as("an authenticator for a mode that is off").isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> client(c -> c.modes(AuthMode.AUTH0, AuthMode.PASSWORD)))
        .as("auth0 on without its authenticator").isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth0");
  }

  @Test
  void everyPrincipalCarriesTheAdminFlagOfItsUser() {
    User flagged = auth.createUser(NewUser.email("flagged@example.com").admin(true), PASSWORD);
    User configured = auth.createUser(NewUser.email("configured@example.com"), PASSWORD);
    User plain = auth.createUser(NewUser.email("plain@example.com"), PASSWORD);
    UserClient withAdminIds = client(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).adminId(configured.id()),
        c -> c);

    for (User user : List.of(flagged, configured, plain)) {
      String email = user.email().orElseThrow().value();
      Principal principal = withAdminIds.auth().authenticate(withAdminIds.auth().login(email, PASSWORD).accessToken());
      assertThat(principal.admin()).as(email).isEqualTo(principal.user().admin())
          .isEqualTo(withAdminIds.users().isAdmin(user)).isEqualTo(user != plain);
    }
    Principal local = client(c -> c.modes(AuthMode.NONE)).auth().authenticate(null);
    assertThat(local.admin()).isTrue().isEqualTo(local.user().admin());
    assertThatThrownBy(() -> new Principal(plain, AuthMode.PASSWORD, true, java.util.Optional.empty(),
        java.util.Optional.empty())).as("a principal cannot claim an admin flag its user lacks")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsATokenOnlyInItsCanonicalSpelling() {
    registered("ann@example.com");
    String token = auth.login("ann@example.com", PASSWORD).accessToken();
    assertThat(auth.authenticate(token).mode()).isEqualTo(AuthMode.PASSWORD);

    List<TokenSpellings.Spelling> spellings = TokenSpellings.of(token);
    assertThat(spellings).hasSizeGreaterThan(10);
    for (TokenSpellings.Spelling spelling : spellings) {
      assertThatThrownBy(() -> auth.authenticate(spelling.token())).as(spelling.change())
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> auth.logout(spelling.token())).as(spelling.change())
          .isInstanceOf(InvalidTokenException.class);
    }
    assertThat(auth.authenticate(token).mode()).as("the canonical token still works").isEqualTo(AuthMode.PASSWORD);
  }

  @Test
  void theAppPasswordSlowsDownGuessesPerClientAddress() {
    AppPassword app = auth.appPassword();
    app.setPassword(PASSWORD);
    LoginContext attacker = LoginContext.ofAddress("203.0.113.9");
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> app.login(OTHER, attacker)).isInstanceOf(InvalidCredentialsException.class);
    }
    assertThatThrownBy(() -> app.login(PASSWORD, attacker)).as("the 51st guess, right, is not even checked")
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(app.login(PASSWORD, LoginContext.ofAddress("198.51.100.7")).token())
        .as("another address is not locked out").isNotBlank();

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(app.login(PASSWORD, attacker).token()).as("after the wait").isNotBlank();
    assertThatThrownBy(() -> app.login(OTHER, attacker)).isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> app.login(PASSWORD, attacker)).as("the sixth failure doubles the wait")
        .isInstanceOf(InvalidCredentialsException.class);
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThatThrownBy(() -> app.login(PASSWORD, attacker)).isInstanceOf(InvalidCredentialsException.class);
    clock.advance(Duration.ofMinutes(1));
    assertThat(app.login(PASSWORD, attacker).token()).isNotBlank();
  }

  @Test
  void sharedAppPassword() {
    AppPassword app = auth.appPassword();
    assertThat(app.configurationStatus().configured()).isFalse();
    assertThatThrownBy(() -> app.login(PASSWORD)).isInstanceOf(InvalidCredentialsException.class);

    app.setPassword(PASSWORD);
    assertThat(app.configurationStatus().configured()).isTrue();
    assertThatThrownBy(() -> app.setPassword(OTHER)).as("later only by an admin").isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> app.login(OTHER)).isInstanceOf(InvalidCredentialsException.class);

    AppPassword.AppSession session = app.login(PASSWORD);
    assertThat(app.verify(session.token())).isAfter(clock.instant());
    assertThatThrownBy(() -> auth.authenticate(session.token()))
        .as("an app token is not an access token").isInstanceOf(InvalidTokenException.class);

    User admin = auth.createUser(NewUser.email("admin@example.com").admin(true), PASSWORD);
    Principal adminPrincipal = auth.authenticate(auth.login("admin@example.com", PASSWORD).accessToken());
    assertThat(auth.requireAdmin(adminPrincipal).userId()).isEqualTo(admin.id());
    app.setPassword(OTHER, adminPrincipal);

    assertThatThrownBy(() -> app.verify(session.token())).isInstanceOf(InvalidTokenException.class);
    assertThat(app.verify(app.login(OTHER).token())).isAfter(clock.instant());
  }

  @Test
  void purgesWhatExpired() {
    registered("ann@example.com");
    Session session = auth.login("ann@example.com", PASSWORD);
    auth.logout(session.accessToken());
    clock.advance(Duration.ofDays(31));
    assertThat(auth.purgeExpired()).isPositive();
    assertThat(auth.purgeExpired()).isZero();
  }
}
