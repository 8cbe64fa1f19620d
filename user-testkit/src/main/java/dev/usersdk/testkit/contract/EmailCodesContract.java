package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.ForbiddenException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.EmailCodeConfig;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SignIn;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.AuthenticatorApp;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Codes and links sent by email ({@code client.auth().emails()}, {@code requestSignInCode}, {@code
 * signInWithCode}, {@code signInWithLink}) on a given store: verification, email change (with the
 * uniqueness decided at confirmation, under a race), sign-in without a password (one session of 50
 * racing uses of one code or link, the same answer for addresses without an account).
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class EmailCodesContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final Password PASSWORD = Password.of("correct horse battery");
  private static final int RACERS = 50;

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
    client = client(UnaryOperator.identity());
    auth = client.auth();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  private UserClient client(UnaryOperator<AuthConfig.Builder> settings) {
    return UserClient.builder().stores(stores).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .auth(settings.apply(AuthConfig.builder().jwtSecret(SECRET)
                .verifyLinkTemplate("https://app.example.com/verify?token={token}")
                .signInLinkTemplate("https://app.example.com/sign-in?token={token}")).build()).build())
        .build();
  }

  private User unverified(String email) {
    return auth.createUser(NewUser.email(email), PASSWORD);
  }

  // ----- verification ----------------------------------------------------------------------------

  @Test
  void anExistingAccountVerifiesItsEmailByCodeOrLink() {
    User ann = unverified("ann@example.com");
    assertThat(ann.emailVerified()).isFalse();

    auth.emails().requestVerification(ann.id());
    String code = notifier.lastVerificationCode("ann@example.com").orElseThrow();
    assertThat(code).matches("[0-9]{6}");
    assertThat(notifier.sent().toString()).doesNotContain(code);
    assertThatThrownBy(() -> auth.emails().confirmVerification(ann.id(), code.equals("000000") ? "000001" : "000000"))
        .isInstanceOf(InvalidCodeException.class);
    assertThat(auth.emails().confirmVerification(ann.id(), code).emailVerified()).isTrue();
    assertThat(client.users().get(ann.id()).emailVerified()).isTrue();
    assertThatThrownBy(() -> auth.emails().confirmVerification(ann.id(), code)).isInstanceOf(InvalidCodeException.class);

    notifier.clear();
    auth.emails().requestVerification(ann.id());
    assertThat(notifier.sent()).as("verified already: nothing to send").isEmpty();

    User bob = unverified("bob@example.com");
    auth.emails().requestVerification(bob.id());
    String token = notifier.lastVerificationToken("bob@example.com").orElseThrow();
    assertThat(auth.emails().confirmVerificationLink(token).emailVerified()).isTrue();
    assertThatThrownBy(() -> auth.emails().confirmVerificationLink(token)).isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void aCodeIsVoidAfterFiveWrongTriesAndExpires() {
    User ann = unverified("ann@example.com");
    auth.emails().requestVerification(ann.id());
    String code = notifier.lastVerificationCode("ann@example.com").orElseThrow();
    String wrong = code.equals("000000") ? "000001" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> auth.emails().confirmVerification(ann.id(), wrong)).isInstanceOf(InvalidCodeException.class);
    }
    assertThatThrownBy(() -> auth.emails().confirmVerification(ann.id(), code)).as("void").isInstanceOf(InvalidCodeException.class);

    clock.advance(Duration.ofMinutes(1));
    auth.emails().requestVerification(ann.id());
    String second = notifier.lastVerificationCode("ann@example.com").orElseThrow();
    clock.advance(Duration.ofMinutes(15));
    assertThatThrownBy(() -> auth.emails().confirmVerification(ann.id(), second)).as("expired").isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void withinTheCooldownNothingNewIsSentAndTheFirstCodeStaysValid() {
    User ann = unverified("ann@example.com");
    auth.emails().requestVerification(ann.id());
    auth.emails().requestVerification(ann.id());
    assertThat(notifier.sentTo("ann@example.com")).hasSize(1);
    assertThat(auth.emails().confirmVerification(ann.id(), notifier.lastVerificationCode("ann@example.com").orElseThrow())
        .emailVerified()).isTrue();
  }

  @Test
  void anotherIssuersUsersKeepItsClaim() {
    User cleo = client.users().resolveExternal(
        ExternalIdentity.of(AuthProvider.AUTH0, "auth0|cleo").email("cleo@example.com").emailVerified(false),
        dev.usersdk.user.ExternalAccountPolicy.defaults());
    assertThatThrownBy(() -> auth.emails().requestVerification(cleo.id())).isInstanceOf(ForbiddenException.class);
  }

  // ----- email change ----------------------------------------------------------------------------

  @Test
  void aChangeTakesThePasswordAndACodeFromTheNewAddressAndTellsTheOldOne() {
    User ann = unverified("ann@example.com");
    Session session = auth.login("ann@example.com", PASSWORD);
    assertThatThrownBy(() -> auth.emails().requestChange(ann.id(), "ann@new.example.com", Password.of("a wrong passphrase")))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(notifier.sentTo("ann@new.example.com")).isEmpty();

    auth.emails().requestChange(ann.id(), "Ann@New.Example.com", PASSWORD);
    assertThat(client.users().get(ann.id()).email().orElseThrow().value()).as("nothing changes yet").isEqualTo("ann@example.com");
    String code = notifier.lastEmailChangeCode("ann@new.example.com").orElseThrow();

    User changed = auth.emails().confirmChange(ann.id(), code);

    assertThat(changed.email().orElseThrow().value()).isEqualTo("ann@new.example.com");
    assertThat(changed.emailVerified()).isTrue();
    assertThat(notifier.last("ann@example.com", Notification.EmailChanged.class)).get()
        .extracting(n -> n.newEmail().value()).isEqualTo("ann@new.example.com");
    Principal stillIn = auth.authenticate(session.accessToken());
    assertThat(stillIn.user().email().orElseThrow().value()).as("sessions survive").isEqualTo("ann@new.example.com");
    assertThat(auth.login("ann@new.example.com", PASSWORD)).isNotNull();
    assertThatThrownBy(() -> auth.login("ann@example.com", PASSWORD)).isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void aTakenAddressIsToldOnlyToWhoeverProvesItAndRefusedAtConfirmation() {
    User ann = unverified("ann@example.com");
    unverified("bob@example.com");
    auth.emails().requestChange(ann.id(), "bob@example.com", PASSWORD); // no answer about bob
    String toBob = notifier.lastEmailChangeCode("bob@example.com").orElseThrow();
    assertThatThrownBy(() -> auth.emails().confirmChange(ann.id(), toBob)).isInstanceOf(DuplicateEmailException.class);
    clock.advance(Duration.ofMinutes(1));

    auth.emails().requestChange(ann.id(), "free@example.com", PASSWORD);
    String code = notifier.lastEmailChangeCode("free@example.com").orElseThrow();
    auth.createUser(NewUser.email("free@example.com"), PASSWORD); // taken meanwhile
    assertThatThrownBy(() -> auth.emails().confirmChange(ann.id(), code)).isInstanceOf(DuplicateEmailException.class);
    assertThat(client.users().get(ann.id()).email().orElseThrow().value()).isEqualTo("ann@example.com");
  }

  @Test
  void twoUsersConfirmingTheSameNewAddressAtOnceOneWins() {
    User ann = unverified("ann@example.com");
    User bob = unverified("bob@example.com");
    auth.emails().requestChange(ann.id(), "shared@example.com", PASSWORD);
    String annCode = notifier.lastEmailChangeCode("shared@example.com").orElseThrow();
    auth.emails().requestChange(bob.id(), "shared@example.com", PASSWORD);
    String bobCode = notifier.lastEmailChangeCode("shared@example.com").orElseThrow();

    List<Race.Outcome<User>> outcomes = Race.run(2, i -> () -> i == 0
        ? auth.emails().confirmChange(ann.id(), annCode) : auth.emails().confirmChange(bob.id(), bobCode));

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(DuplicateEmailException.class));
    assertThat(client.users().findByEmail("shared@example.com")).isPresent();
  }

  @Test
  void anAdminCanStartAChangeTheNewAddressStillConfirms() {
    User ann = unverified("ann@example.com");
    auth.createUser(NewUser.email("admin@example.com").admin(true), PASSWORD);
    Principal admin = auth.authenticate(auth.login("admin@example.com", PASSWORD).accessToken());
    Principal notAdmin = auth.authenticate(auth.login("ann@example.com", PASSWORD).accessToken());
    assertThatThrownBy(() -> auth.emails().requestChangeByAdmin(notAdmin, ann.id(), "x@example.com")).isInstanceOf(ForbiddenException.class);

    auth.emails().requestChangeByAdmin(admin, ann.id(), "ann@corp.example.com");
    User changed = auth.emails().confirmChange(ann.id(), notifier.lastEmailChangeCode("ann@corp.example.com").orElseThrow());
    assertThat(changed.email().orElseThrow().value()).isEqualTo("ann@corp.example.com");
  }

  // ----- sign-in by code or link ----------------------------------------------------------------

  @Test
  void signsInWithAnEmailedCodeOrLinkEitherOnce() {
    User ann = unverified("ann@example.com");
    auth.requestSignInCode("ann@example.com");
    String code = notifier.lastSignInCode("ann@example.com").orElseThrow();
    String token = notifier.lastSignInToken("ann@example.com").orElseThrow();

    SignIn signIn = auth.signInWithCode("ann@example.com", code, LoginContext.NONE);

    Principal principal = auth.authenticate(((SignIn.Complete) signIn).session().accessToken());
    assertThat(principal.userId()).isEqualTo(ann.id());
    assertThat(client.users().get(ann.id()).emailVerified()).as("the code proved the address").isTrue();
    assertThatThrownBy(() -> auth.signInWithLink(token, LoginContext.NONE)).as("the code ended the link").isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.signInWithCode("ann@example.com", code, LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);

    clock.advance(Duration.ofMinutes(2));
    auth.requestSignInCode("ann@example.com");
    String linkToken = notifier.lastSignInToken("ann@example.com").orElseThrow();
    String code2 = notifier.lastSignInCode("ann@example.com").orElseThrow();
    assertThat(auth.signInWithLink(linkToken, LoginContext.NONE)).isInstanceOf(SignIn.Complete.class);
    assertThatThrownBy(() -> auth.signInWithCode("ann@example.com", code2, LoginContext.NONE)).as("the link ended the code")
        .isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void anAddressWithoutAnAccountGetsANoticeAndTheSameAnswer() {
    auth.requestSignInCode("nobody@example.com");
    assertThat(notifier.sentTo("nobody@example.com")).singleElement().isInstanceOf(Notification.SignInWithoutAccount.class);
    assertThatThrownBy(() -> auth.signInWithCode("nobody@example.com", "123456", LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.signInWithCode("not an email", "123456", LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
    assertThatThrownBy(() -> auth.signInWithLink("no-such-token", LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
  }

  @Test
  void signInCanCreateTheAccount() {
    Auth creating = client(b -> b.emailCodes(EmailCodeConfig.defaults()
        .withSignInLinkTemplate(java.util.Optional.of("https://app.example.com/sign-in?token={token}"))
        .withCreateAccountsOnSignIn(true))).auth();
    creating.requestSignInCode("new@example.com");
    String code = notifier.lastSignInCode("new@example.com").orElseThrow();
    SignIn signIn = creating.signInWithCode("new@example.com", code, LoginContext.NONE);
    User created = client.users().findByEmail("new@example.com").orElseThrow();
    assertThat(created.emailVerified()).isTrue();
    assertThat(created.status()).isEqualTo(UserStatus.APPROVED);
    assertThat(signIn.userId()).isEqualTo(created.id());
  }

  @Test
  void aUserWithASecondFactorIsAskedForIt() {
    User ann = unverified("ann@example.com");
    AuthenticatorApp app = AuthenticatorApp.scan(auth.secondFactors().enrolTotp(ann.id(), "ann"));
    auth.secondFactors().confirmTotp(ann.id(), app.codeAt(clock.instant()));
    clock.advance(Duration.ofSeconds(30));
    auth.requestSignInCode("ann@example.com");
    SignIn signIn = auth.signInWithCode("ann@example.com", notifier.lastSignInCode("ann@example.com").orElseThrow(), LoginContext.NONE);
    assertThat(signIn).isInstanceOf(SignIn.SecondFactorRequired.class);
    Session session = auth.completeSignIn(((SignIn.SecondFactorRequired) signIn).challenge(), app.codeAt(clock.instant()), LoginContext.NONE);
    assertThat(auth.authenticate(session.accessToken()).secondFactorAt()).isPresent();
  }

  @Test
  void aDisabledUserIsRefusedAfterTheCode() {
    User ann = unverified("ann@example.com");
    client.users().disable(ann.id());
    auth.requestSignInCode("ann@example.com");
    String code = notifier.lastSignInCode("ann@example.com").orElseThrow();
    assertThatThrownBy(() -> auth.signInWithCode("ann@example.com", code, LoginContext.NONE))
        .isInstanceOf(dev.usersdk.auth.AccountDisabledException.class);
  }

  @Test
  void fiftyRacingUsesOfOneCodeGetOneSession() {
    unverified("ann@example.com");
    auth.requestSignInCode("ann@example.com");
    String code = notifier.lastSignInCode("ann@example.com").orElseThrow();

    List<Race.Outcome<SignIn>> outcomes = Race.run(RACERS, i -> () -> auth.signInWithCode("ann@example.com", code, LoginContext.NONE));

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(InvalidCodeException.class));
  }

  @Test
  void fiftyRacingUsesOfOneLinkGetOneSession() {
    unverified("ann@example.com");
    auth.requestSignInCode("ann@example.com");
    String token = notifier.lastSignInToken("ann@example.com").orElseThrow();

    List<Race.Outcome<SignIn>> outcomes = Race.run(RACERS, i -> () -> auth.signInWithLink(token, LoginContext.NONE));

    assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).hasSize(1);
  }

  @Test
  void fiveWrongSignInCodesVoidTheAttempt() {
    unverified("ann@example.com");
    auth.requestSignInCode("ann@example.com");
    String code = notifier.lastSignInCode("ann@example.com").orElseThrow();
    String wrong = code.equals("000000") ? "000001" : "000000";
    List<Race.Outcome<SignIn>> outcomes = Race.run(RACERS, i -> () -> auth.signInWithCode("ann@example.com", wrong, LoginContext.NONE));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isInstanceOf(InvalidCodeException.class));
    assertThatThrownBy(() -> auth.signInWithCode("ann@example.com", code, LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
    User ann = client.users().findByEmail("ann@example.com").orElseThrow();
    assertThat(auth.loginAttempts(ann.id(), 100)).extracting(dev.usersdk.auth.LoginAttempt::outcome)
        .as("the five wrong codes counted, each recorded; the rest met a void code")
        .containsExactly(java.util.Collections.nCopies(5, dev.usersdk.auth.LoginOutcome.WRONG_EMAIL_CODE)
            .toArray(dev.usersdk.auth.LoginOutcome[]::new));
  }

  @Test
  void aVoidCodeIsNotReplacedWithinTheCooldownAndASubjectGetsFiveCodesAnHour() {
    unverified("ann@example.com");
    auth.requestSignInCode("ann@example.com");
    String code = notifier.lastSignInCode("ann@example.com").orElseThrow();
    String wrong = code.equals("000000") ? "000001" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> auth.signInWithCode("ann@example.com", wrong, LoginContext.NONE)).isInstanceOf(InvalidCodeException.class);
    }
    auth.requestSignInCode("ann@example.com");
    assertThat(notifier.sentTo("ann@example.com")).as("the void code still holds the cooldown").hasSize(1);

    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(61));
      auth.requestSignInCode("ann@example.com");
    }
    assertThat(notifier.sentTo("ann@example.com")).as("five in the hour").hasSize(5);
    clock.advance(Duration.ofMinutes(60));
    auth.requestSignInCode("ann@example.com");
    assertThat(notifier.sentTo("ann@example.com")).hasSize(6);
  }

  @Test
  void changingTheTargetAddressDoesNotSkipTheCooldown() {
    User ann = unverified("ann@example.com");
    auth.emails().requestChange(ann.id(), "one@example.com", PASSWORD);
    auth.emails().requestChange(ann.id(), "two@example.com", PASSWORD);
    assertThat(notifier.sentTo("one@example.com")).hasSize(1);
    assertThat(notifier.sentTo("two@example.com")).isEmpty();
  }

  @Test
  void anotherIssuersUserIsAnsweredAsAnAddressWithoutAnAccount() {
    client.users().resolveExternal(
        ExternalIdentity.of(AuthProvider.AUTH0, "auth0|cleo").email("cleo@example.com").emailVerified(true),
        dev.usersdk.user.ExternalAccountPolicy.defaults());
    auth.requestSignInCode("cleo@example.com");
    assertThat(notifier.sentTo("cleo@example.com")).singleElement().isInstanceOf(Notification.SignInWithoutAccount.class);
  }

  @Test
  void theFirstProofOfAnAddressEndsTheAccountsOtherSessions() {
    unverified("ann@example.com"); // made by someone else, who knows its password
    Session squatter = auth.login("ann@example.com", PASSWORD);
    auth.requestSignInCode("ann@example.com");
    auth.signInWithCode("ann@example.com", notifier.lastSignInCode("ann@example.com").orElseThrow(), LoginContext.NONE);
    assertThatThrownBy(() -> auth.authenticate(squatter.accessToken())).isInstanceOf(dev.usersdk.auth.InvalidTokenException.class);
  }

  @Test
  void signInByCodeNeedsThePasswordMode() {
    Auth noAuth = client(b -> b.modes(dev.usersdk.auth.AuthMode.NONE)).auth();
    assertThatThrownBy(() -> noAuth.requestSignInCode("ann@example.com")).isInstanceOf(dev.usersdk.ConfigurationException.class);
  }

  @Test
  void expiredCodesArePurged() {
    User ann = unverified("ann@example.com");
    auth.requestSignInCode("ann@example.com");
    auth.emails().requestVerification(ann.id());
    clock.advance(Duration.ofMinutes(16));
    assertThat(auth.purgeExpired()).as("expired, but their hour of sends still counts").isZero();
    clock.advance(Duration.ofMinutes(45));
    assertThat(auth.purgeExpired()).isGreaterThanOrEqualTo(2);
    assertThatThrownBy(() -> auth.signInWithCode("ann@example.com", notifier.lastSignInCode("ann@example.com").orElseThrow(), LoginContext.NONE))
        .isInstanceOf(InvalidCodeException.class);
  }
}
