package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.ForbiddenException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.Assurance;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.MfaConfig;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.RecoveryCodes;
import dev.usersdk.auth.SecondFactorEnabledException;
import dev.usersdk.auth.SecondFactorRequiredException;
import dev.usersdk.auth.SecondFactorStatus;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SignIn;
import dev.usersdk.auth.TotpEnrolment;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.AuthenticatorApp;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Second factors ({@code client.auth().secondFactors()}, {@code signIn}, {@code completeSignIn},
 * {@code stepUp}) on a given store: TOTP enrolment and confirmation, codes accepted once (also when
 * 50 callers race with the same one), the ±1 step window, recovery codes single use under races, the
 * cooldown counted exactly under 50 concurrent wrong codes, step-up and the admin rule, and keys
 * sealed at rest and rotated. Store implementations extend it as they extend {@link AuthContract}.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class SecondFactorContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_A = "mfa-key-a-of-exactly-32-bytes!!!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_B = "mfa-key-b-of-exactly-32-bytes!!!".getBytes(StandardCharsets.UTF_8);
  protected static final Password PASSWORD = Password.of("correct horse battery");
  private static final int RACERS = 50;

  protected Stores stores;
  protected ManualClock clock;
  protected UserClient client;
  protected Auth auth;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    // Half-way through a 30-second step, so one step either side is where the test puts it.
    clock = ManualClock.at(Instant.parse("2026-11-30T12:00:15Z"));
    client = client(b -> b.mfaKey(KEY_A));
    auth = client.auth();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  private UserClient client(UnaryOperator<AuthConfig.Builder> settings) {
    return client(Environment.DEVELOPMENT, settings);
  }

  private UserClient client(Environment environment, UnaryOperator<AuthConfig.Builder> settings) {
    return UserClient.builder().stores(stores).clock(clock).notifier(new RecordingNotifier())
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(environment)
            .auth(settings.apply(AuthConfig.builder().jwtSecret(SECRET)).build()).build())
        .build();
  }

  private User user(String email) {
    return auth.createUser(NewUser.email(email), PASSWORD);
  }

  /** A user with a confirmed TOTP factor; the app's code of the current step is used up. */
  private Enrolled enrolled(String email) {
    User user = user(email);
    TotpEnrolment enrolment = auth.secondFactors().enrolTotp(user.id(), email);
    AuthenticatorApp app = AuthenticatorApp.scan(enrolment);
    RecoveryCodes codes = auth.secondFactors().confirmTotp(user.id(), app.codeAt(clock.instant()));
    return new Enrolled(user, app, codes.codes());
  }

  private record Enrolled(User user, AuthenticatorApp app, List<String> recoveryCodes) {
    UserId id() {
      return user.id();
    }
  }

  private SignIn.SecondFactorRequired challenge(String email) {
    SignIn signIn = auth.signIn(email, PASSWORD, LoginContext.NONE);
    assertThat(signIn).isInstanceOf(SignIn.SecondFactorRequired.class);
    return (SignIn.SecondFactorRequired) signIn;
  }

  /** Moves to the next 30-second step, whose code is unused. */
  private void nextStep() {
    clock.advance(Duration.ofSeconds(30));
  }

  private StoredTotp row(UserId id) {
    return stores.inTransaction(tx -> tx.secondFactors().totp(id)).orElseThrow();
  }

  // ----- enrolment -------------------------------------------------------------------------------

  @Test
  void enrolsWithAKeyShownOnceAndConfirmsWithAFirstCode() {
    User ann = user("ann@example.com");
    TotpEnrolment enrolment = auth.secondFactors().enrolTotp(ann.id(), "ann@example.com");

    assertThat(enrolment.secret()).matches("[A-Z2-7]{32}"); // 160 bits
    assertThat(enrolment.uri()).startsWith("otpauth://totp/usersdk:ann%40example.com?secret=" + enrolment.secret())
        .contains("issuer=usersdk", "algorithm=SHA1", "digits=6", "period=30");
    assertThat(enrolment.toString()).doesNotContain(enrolment.secret());
    assertThat(auth.secondFactors().status(ann.id())).isEqualTo(new SecondFactorStatus(false, java.util.Optional.empty(), true, 0));
    assertThat(auth.login("ann@example.com", PASSWORD)).as("not required before confirmation").isNotNull();

    AuthenticatorApp app = AuthenticatorApp.scan(enrolment);
    assertThatThrownBy(() -> auth.secondFactors().confirmTotp(ann.id(), app.wrongCodeAt(clock.instant())))
        .isInstanceOf(InvalidCodeException.class);
    RecoveryCodes codes = auth.secondFactors().confirmTotp(ann.id(), app.codeAt(clock.instant()));

    assertThat(codes.codes()).hasSize(10).doesNotHaveDuplicates()
        .allSatisfy(code -> assertThat(code).matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
    assertThat(codes.toString()).doesNotContain(codes.codes().get(0));
    SecondFactorStatus status = auth.secondFactors().status(ann.id());
    assertThat(status.enabled()).isTrue();
    assertThat(status.enabledAt()).contains(clock.instant());
    assertThat(status.recoveryCodesLeft()).isEqualTo(10);
    assertThatThrownBy(() -> auth.secondFactors().enrolTotp(ann.id(), "ann@example.com"))
        .isInstanceOf(SecondFactorEnabledException.class);
  }

  @Test
  void theKeyIsSealedAtRestForItsUserOnly() {
    User ann = user("ann@example.com");
    TotpEnrolment enrolment = auth.secondFactors().enrolTotp(ann.id(), "ann@example.com");
    StoredTotp stored = row(ann.id());

    assertThat(stored.sealedSecret()).doesNotContain(enrolment.secret())
        .doesNotContain(enrolment.secret().toLowerCase(java.util.Locale.ROOT));
    assertThat(stored.toString()).doesNotContain(stored.sealedSecret());

    // The sealed key copied to another user's row does not open there (the user id is bound in).
    User bob = user("bob@example.com");
    stores.inTransaction(tx -> {
      tx.secondFactors().saveTotp(StoredTotp.enrolled(bob.id(), stored.sealedSecret(), clock.instant()));
      return null;
    });
    AuthenticatorApp app = AuthenticatorApp.scan(enrolment);
    assertThatThrownBy(() -> auth.secondFactors().confirmTotp(bob.id(), app.codeAt(clock.instant())))
        .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(stored.sealedSecret());
    assertThat(row(bob.id()).enabled()).isFalse();
  }

  @Test
  void aRotatedKeyStillOpensAndTheNextAcceptedCodeReseals() {
    Enrolled ann = enrolled("ann@example.com");
    String sealedUnderA = row(ann.id()).sealedSecret();
    UserClient rotated = client(b -> b.mfaKey(KEY_B).previousMfaKeys(KEY_A));

    nextStep();
    SignIn.SecondFactorRequired challenge = (SignIn.SecondFactorRequired) rotated.auth().signIn("ann@example.com", PASSWORD, LoginContext.NONE);
    rotated.auth().completeSignIn(challenge.challenge(), ann.app().codeAt(clock.instant()), LoginContext.NONE);

    String sealedUnderB = row(ann.id()).sealedSecret();
    assertThat(sealedUnderB).isNotEqualTo(sealedUnderA);
    UserClient onlyB = client(b -> b.mfaKey(KEY_B));
    nextStep();
    SignIn.SecondFactorRequired again = (SignIn.SecondFactorRequired) onlyB.auth().signIn("ann@example.com", PASSWORD, LoginContext.NONE);
    assertThat(onlyB.auth().completeSignIn(again.challenge(), ann.app().codeAt(clock.instant()), LoginContext.NONE)).isNotNull();
  }

  @Test
  void productionRefusesSecondFactorsWithoutAKey() {
    UserClient production = client(Environment.PRODUCTION, UnaryOperator.identity());
    User ann = user("ann@example.com");
    assertThatThrownBy(() -> production.auth().secondFactors().enrolTotp(ann.id(), "ann"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(AuthConfig.MFA_KEY);
  }

  // ----- sign-in ---------------------------------------------------------------------------------

  @Test
  void aSignInWithASecondFactorCompletesWithACodeAndTheSessionSaysSo() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();

    SecondFactorRequiredException thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
        SecondFactorRequiredException.class, () -> auth.login("ann@example.com", PASSWORD));
    assertThat(thrown.code()).isEqualTo("second_factor_required");
    SignIn.SecondFactorRequired challenge = thrown.challenge().orElseThrow();
    assertThat(thrown.getMessage()).doesNotContain(challenge.challenge());
    assertThat(challenge.toString()).doesNotContain(challenge.challenge());
    assertThat(challenge.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(client.users().get(ann.id()).lastLoginAt()).as("not signed in yet").isEmpty();

    Instant provedAt = clock.instant();
    Session session = auth.completeSignIn(challenge.challenge(), ann.app().codeAt(provedAt), LoginContext.of("203.0.113.9", "phone"));
    Principal principal = auth.authenticate(session.accessToken());
    assertThat(principal.assurance()).isEqualTo(Assurance.TWO_FACTORS);
    assertThat(principal.secondFactorAt()).contains(provedAt);
    assertThat(client.users().get(ann.id()).lastLoginAt()).contains(provedAt);

    clock.advance(Duration.ofMinutes(20));
    Principal refreshed = auth.authenticate(auth.refresh(session.refreshToken()).accessToken());
    assertThat(refreshed.secondFactorAt()).as("a refresh keeps when it was proved").contains(provedAt);
    assertThat(auth.loginAttempts(ann.id(), 5)).extracting(LoginAttempt::outcome)
        .startsWith(LoginOutcome.SUCCESS, LoginOutcome.SECOND_FACTOR_REQUIRED);

    assertThatThrownBy(() -> auth.completeSignIn(challenge.challenge(), ann.app().codeAt(clock.instant()), LoginContext.NONE))
        .as("the challenge worked once").isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void aUserWithoutASecondFactorSignsInWithOne() {
    user("bob@example.com");
    SignIn signIn = auth.signIn("bob@example.com", PASSWORD, LoginContext.NONE);
    Session session = ((SignIn.Complete) signIn).session();
    Principal bob = auth.authenticate(session.accessToken());
    assertThat(bob.assurance()).isEqualTo(Assurance.ONE_FACTOR);
    assertThat(bob.secondFactorAt()).isEmpty();
  }

  @Test
  void eachCodeWorksOnceAndOneStepEitherSide() {
    Enrolled ann = enrolled("ann@example.com");
    String usedAtConfirmation = ann.app().codeAt(clock.instant());
    assertThatThrownBy(() -> auth.completeSignIn(challenge("ann@example.com").challenge(), usedAtConfirmation, LoginContext.NONE))
        .as("the confirmation's code, replayed").isInstanceOf(InvalidCodeException.class);

    nextStep();
    Instant now = clock.instant();
    assertThatThrownBy(() -> auth.completeSignIn(challenge("ann@example.com").challenge(), ann.app().codeAt(now.minusSeconds(60)), LoginContext.NONE))
        .as("two steps old").isInstanceOf(InvalidCodeException.class);
    assertThat(auth.completeSignIn(challenge("ann@example.com").challenge(), ann.app().codeAt(now.plusSeconds(30)), LoginContext.NONE))
        .as("the next step (a clock a little ahead)").isNotNull();
    assertThatThrownBy(() -> auth.completeSignIn(challenge("ann@example.com").challenge(), ann.app().codeAt(now), LoginContext.NONE))
        .as("an earlier step than the last accepted one").isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void challengesExpireAndUnknownOnesAreRefusedAlike() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    SignIn.SecondFactorRequired challenge = challenge("ann@example.com");
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> auth.completeSignIn(challenge.challenge(), ann.app().codeAt(clock.instant()), LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.completeSignIn("no-such-challenge", "123456", LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.completeSignIn("x".repeat(10_000), "123456", LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
    assertThat(auth.purgeExpired()).as("the expired challenge is purged").isPositive();
  }

  @Test
  void fiftyRacingSubmissionsOfOneCodeGetOneSession() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    List<String> challenges = IntStream.range(0, RACERS).mapToObj(i -> challenge("ann@example.com").challenge()).toList();
    String code = ann.app().codeAt(clock.instant());

    List<Race.Outcome<Session>> outcomes = Race.run(RACERS, i -> () -> auth.completeSignIn(challenges.get(i), code, LoginContext.NONE));

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(InvalidCodeException.class));
  }

  @Test
  void fiftyRacingCompletionsOfOneChallengeGetOneSession() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    String challenge = challenge("ann@example.com").challenge();
    String code = ann.app().codeAt(clock.instant());

    List<Race.Outcome<Session>> outcomes = Race.run(RACERS, i -> () -> auth.completeSignIn(challenge, code, LoginContext.NONE));

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
  }

  // ----- recovery codes --------------------------------------------------------------------------

  @Test
  void aRecoveryCodeSignsInOnceAndIsRecorded() {
    Enrolled ann = enrolled("ann@example.com");
    String code = ann.recoveryCodes().get(3);

    Session session = auth.completeSignIn(challenge("ann@example.com").challenge(), code.toUpperCase(java.util.Locale.ROOT), LoginContext.NONE);

    assertThat(auth.authenticate(session.accessToken()).assurance()).isEqualTo(Assurance.TWO_FACTORS);
    assertThat(auth.secondFactors().status(ann.id()).recoveryCodesLeft()).isEqualTo(9);
    assertThat(auth.loginAttempts(ann.id(), 1)).extracting(LoginAttempt::outcome).containsExactly(LoginOutcome.RECOVERY_CODE);
    assertThatThrownBy(() -> auth.completeSignIn(challenge("ann@example.com").challenge(), code, LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void fiftyRacingUsesOfOneRecoveryCodeGetOneSession() {
    Enrolled ann = enrolled("ann@example.com");
    List<String> challenges = IntStream.range(0, RACERS).mapToObj(i -> challenge("ann@example.com").challenge()).toList();
    String code = ann.recoveryCodes().get(0);

    List<Race.Outcome<Session>> outcomes = Race.run(RACERS, i -> () -> auth.completeSignIn(challenges.get(i), code, LoginContext.NONE));

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
    assertThat(auth.secondFactors().status(ann.id()).recoveryCodesLeft()).isEqualTo(9);
  }

  @Test
  void newRecoveryCodesReplaceTheOldSet() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    RecoveryCodes fresh = auth.secondFactors().regenerateRecoveryCodes(ann.id(), ann.app().codeAt(clock.instant()));

    assertThat(fresh.codes()).hasSize(10).doesNotContainAnyElementsOf(ann.recoveryCodes());
    assertThatThrownBy(() -> auth.completeSignIn(challenge("ann@example.com").challenge(), ann.recoveryCodes().get(0), LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
    assertThat(auth.completeSignIn(challenge("ann@example.com").challenge(), fresh.codes().get(0), LoginContext.NONE)).isNotNull();
    assertThatThrownBy(() -> auth.secondFactors().regenerateRecoveryCodes(ann.id(), "000000"))
        .isInstanceOf(InvalidCodeException.class);
  }

  // ----- cooldown --------------------------------------------------------------------------------

  @Test
  void fiveWrongCodesStartACooldownInWhichEvenTheRightCodeIsRefused() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    String challenge = challenge("ann@example.com").challenge();
    String wrong = ann.app().wrongCodeAt(clock.instant());
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> auth.completeSignIn(challenge, wrong, LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
    }
    assertThat(row(ann.id()).failures()).isEqualTo(4);
    assertThatThrownBy(() -> auth.completeSignIn(challenge, wrong, LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
    assertThat(row(ann.id()).blockedUntil()).contains(clock.instant().plus(Duration.ofMinutes(15)));

    assertThatThrownBy(() -> auth.completeSignIn(challenge, ann.app().codeAt(clock.instant()), LoginContext.NONE))
        .as("the right code in the cooldown").isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.completeSignIn(challenge, ann.recoveryCodes().get(0), LoginContext.NONE))
        .as("a recovery code in the cooldown").isInstanceOf(InvalidCodeException.class);

    clock.advance(Duration.ofMinutes(15));
    assertThat(auth.completeSignIn(challenge("ann@example.com").challenge(), ann.app().codeAt(clock.instant()), LoginContext.NONE)).isNotNull();
    assertThat(row(ann.id()).failures()).isZero();
  }

  @Test
  void fiftyConcurrentWrongCodesStartExactlyOneCooldown() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    List<String> challenges = IntStream.range(0, RACERS).mapToObj(i -> challenge("ann@example.com").challenge()).toList();
    String challenge = challenges.get(0);
    String wrong = ann.app().wrongCodeAt(clock.instant());

    List<Race.Outcome<Session>> outcomes = Race.run(RACERS, i -> () -> auth.completeSignIn(challenges.get(i), wrong, LoginContext.NONE));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isInstanceOf(InvalidCodeException.class));
    StoredTotp after = row(ann.id());
    assertThat(after.blockedUntil()).contains(clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(after.failures()).isZero();
    assertThat(auth.loginAttempts(ann.id(), 100)).filteredOn(a -> a.outcome() == LoginOutcome.WRONG_SECOND_FACTOR).hasSize(RACERS);
    assertThatThrownBy(() -> auth.completeSignIn(challenge, ann.app().codeAt(clock.instant()), LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void fiftyConcurrentWrongCodesAreCountedExactly() {
    Auth counting = client(b -> b.mfaKey(KEY_A).mfa(MfaConfig.defaults().withMaxFailures(100))).auth();
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    // One sign-in each: they meet only on the user's second factor, not on one challenge.
    List<String> challenges = IntStream.range(0, RACERS).mapToObj(i -> challenge("ann@example.com").challenge()).toList();
    String challenge = challenges.get(0);
    String wrong = ann.app().wrongCodeAt(clock.instant());

    Race.run(RACERS, i -> () -> counting.completeSignIn(challenges.get(i), wrong, LoginContext.NONE));

    assertThat(row(ann.id()).failures()).as("no failure lost to a race").isEqualTo(RACERS);
    assertThat(row(ann.id()).blockedUntil()).isEmpty();
    assertThat(counting.completeSignIn(challenge, ann.app().codeAt(clock.instant()), LoginContext.NONE)).isNotNull();
    assertThat(row(ann.id()).failures()).isZero();
  }

  // ----- step-up, disabling, admins ------------------------------------------------------------

  @Test
  void aSensitiveActionAsksForARecentSecondFactorAndAStepUpGivesIt() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    Session session = auth.completeSignIn(challenge("ann@example.com").challenge(), ann.app().codeAt(clock.instant()), LoginContext.NONE);
    Principal fresh = auth.authenticate(session.accessToken());
    assertThat(auth.requireRecentSecondFactor(fresh, Duration.ofMinutes(5))).isEqualTo(fresh);

    clock.advance(Duration.ofMinutes(10));
    Principal stale = auth.authenticate(session.accessToken());
    assertThatThrownBy(() -> auth.requireRecentSecondFactor(stale, Duration.ofMinutes(5)))
        .isInstanceOf(SecondFactorRequiredException.class)
        .satisfies(e -> assertThat(((SecondFactorRequiredException) e).challenge()).isEmpty());
    assertThatThrownBy(() -> auth.stepUp(stale, ann.app().wrongCodeAt(clock.instant()))).isInstanceOf(InvalidCodeException.class);

    Session steppedUp = auth.stepUp(stale, ann.app().codeAt(clock.instant()));
    Principal again = auth.authenticate(steppedUp.accessToken());
    assertThat(again.sessionId()).isEqualTo(stale.sessionId());
    assertThat(auth.requireRecentSecondFactor(again, Duration.ofMinutes(5)).secondFactorAt()).contains(clock.instant());
    assertThatThrownBy(() -> auth.refresh(session.refreshToken()))
        .as("a refresh token from before the step-up stops working").isInstanceOf(InvalidTokenException.class);
    assertThat(auth.authenticate(auth.refresh(steppedUp.refreshToken()).accessToken()).secondFactorAt())
        .as("the new pair's refresh keeps the step-up").contains(clock.instant());
    assertThat(auth.authenticate(steppedUp.accessToken())).as("the session lives on").isNotNull();
  }

  @Test
  void aPasswordChangeAsksForTheSecondFactorAndEndsHalfDoneSignIns() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    String pending = challenge("ann@example.com").challenge();
    Password next = Password.of("a brand new passphrase");

    SecondFactorRequiredException thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
        SecondFactorRequiredException.class, () -> auth.changePassword(ann.id(), PASSWORD, next));

    assertThat(thrown.challenge()).isPresent();
    String code = ann.app().codeAt(clock.instant());
    assertThatThrownBy(() -> auth.completeSignIn(pending, code, LoginContext.NONE))
        .as("a sign-in begun with the old password").isInstanceOf(InvalidCodeException.class);
    Session session = auth.completeSignIn(thrown.challenge().orElseThrow().challenge(), code, LoginContext.NONE);
    assertThat(auth.authenticate(session.accessToken()).assurance()).isEqualTo(Assurance.TWO_FACTORS);
  }

  @Test
  void aOneFactorUserCannotStepUp() {
    user("bob@example.com");
    Principal bob = auth.authenticate(auth.login("bob@example.com", PASSWORD).accessToken());
    assertThatThrownBy(() -> auth.requireRecentSecondFactor(bob, Duration.ofHours(1))).isInstanceOf(SecondFactorRequiredException.class);
    assertThatThrownBy(() -> auth.stepUp(bob, "123456")).isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void disablingTakesACurrentCodeOrAnAdmin() {
    Enrolled ann = enrolled("ann@example.com");
    nextStep();
    assertThatThrownBy(() -> auth.secondFactors().disable(ann.id(), ann.app().wrongCodeAt(clock.instant())))
        .isInstanceOf(InvalidCodeException.class);
    auth.secondFactors().disable(ann.id(), ann.app().codeAt(clock.instant()));
    assertThat(auth.secondFactors().status(ann.id())).isEqualTo(new SecondFactorStatus(false, java.util.Optional.empty(), false, 0));
    assertThat(auth.signIn("ann@example.com", PASSWORD, LoginContext.NONE)).isInstanceOf(SignIn.Complete.class);

    Enrolled bob = enrolled("bob@example.com");
    user("carol@example.com");
    Principal carol = auth.authenticate(auth.login("carol@example.com", PASSWORD).accessToken());
    assertThatThrownBy(() -> auth.secondFactors().disableByAdmin(carol, bob.id())).isInstanceOf(ForbiddenException.class);
    auth.createUser(NewUser.email("admin@example.com").admin(true), PASSWORD);
    Principal admin = auth.authenticate(auth.login("admin@example.com", PASSWORD).accessToken());
    auth.secondFactors().disableByAdmin(admin, bob.id());
    assertThat(auth.secondFactors().status(bob.id()).enabled()).isFalse();
  }

  @Test
  void adminsCanBeRequiredToUseASecondFactor() {
    UserClient strict = client(b -> b.mfaKey(KEY_A).mfa(MfaConfig.defaults().withRequiredForAdmins(true)));
    Auth strictAuth = strict.auth();
    User admin = strictAuth.createUser(NewUser.email("admin@example.com").admin(true), PASSWORD);
    Principal oneFactor = strictAuth.authenticate(strictAuth.login("admin@example.com", PASSWORD).accessToken());
    assertThatThrownBy(() -> strictAuth.requireAdmin(oneFactor)).isInstanceOf(SecondFactorRequiredException.class);

    AuthenticatorApp app = AuthenticatorApp.scan(strictAuth.secondFactors().enrolTotp(admin.id(), "admin"));
    strictAuth.secondFactors().confirmTotp(admin.id(), app.codeAt(clock.instant()));
    nextStep();
    SignIn.SecondFactorRequired challenge = (SignIn.SecondFactorRequired) strictAuth.signIn("admin@example.com", PASSWORD, LoginContext.NONE);
    Principal twoFactors = strictAuth.authenticate(strictAuth.completeSignIn(challenge.challenge(), app.codeAt(clock.instant()), LoginContext.NONE).accessToken());
    assertThat(strictAuth.requireAdmin(twoFactors)).isEqualTo(twoFactors);
    assertThat(auth.requireAdmin(oneFactor)).as("without the rule, one factor is enough").isEqualTo(oneFactor);
  }

  @Test
  void deletingAUserDeletesItsSecondFactor() {
    Enrolled ann = enrolled("ann@example.com");
    challenge("ann@example.com");
    client.users().delete(ann.id());
    java.util.Optional<StoredTotp> totp = stores.inTransaction(tx -> tx.secondFactors().totp(ann.id()));
    int codesLeft = stores.inTransaction(tx -> tx.secondFactors().recoveryCodesLeft(ann.id()));
    assertThat(totp).isEmpty();
    assertThat(codesLeft).isZero();
  }

  @Test
  void recoveryCodesAreDistinctAcrossUsers() {
    Set<String> all = new HashSet<>();
    for (String email : Arrays.asList("a@example.com", "b@example.com", "c@example.com")) {
      all.addAll(enrolled(email).recoveryCodes());
    }
    assertThat(all).hasSize(30);
  }
}
