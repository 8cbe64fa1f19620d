package dev.usersdk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AppPassword;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.RecoveryCodes;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SignIn;
import dev.usersdk.auth.TotpEnrolment;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.auth0.Auth0Authenticator;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.testkit.AuthenticatorApp;
import dev.usersdk.testkit.FakeAuth0;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every auth flow (second factors and emailed codes included, and Auth0 tokens accepted, refused and
 * unverifiable) with all logging at TRACE (see simplelogger.properties) on real JDBC stores,
 * captures everything written, and checks that no password, token, code, reset link or the JWT
 * secret appears in it, nor in any exception message or {@code toString()} met on the way.
 */
class SecretsStayOutOfLogsTest {
  private static final String JWT_SECRET = "jwt-secret-for-the-log-test-0123456789";

  @Test
  void noSecretIsEverLogged() throws Exception {
    List<String> secrets = new ArrayList<>();
    List<String> seen = new ArrayList<>(); // messages and toString()s met during the flows
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      runEveryFlow(secrets, seen);
      runSecondFactorAndEmailFlows(secrets, seen);
      runAuth0Flows(secrets, seen);
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    originalErr.println("[SecretsStayOutOfLogsTest] captured " + log.lines().count() + " log lines, checked "
        + secrets.size() + " secrets");

    assertThat(log).as("the capture works: usersdk's own lines are in it")
        .contains("registration confirmed").contains("logged out everywhere").contains("refresh token was presented twice")
        .contains("fetched the key set").contains("could not fetch the key set")
        .contains("turned on a second factor").contains("signed in with a recovery code")
        .contains("refused until").contains("changed the email").contains("sign-in code requested");
    for (String secret : secrets) {
      assertThat(log).as("a secret of length %d in the log", secret.length()).doesNotContain(secret);
      for (String text : seen) {
        assertThat(text).as("a secret in a message or toString()").doesNotContain(secret);
      }
    }
  }

  private void runEveryFlow(List<String> secrets, List<String> seen) {
    String annPassword = "ann's first passphrase";
    String annNext = "ann's second passphrase";
    String annReset = "ann's third passphrase";
    String wrong = "a wrong guess at it";
    String appPassword = "the shared app passphrase";
    secrets.addAll(List.of(annPassword, annNext, annReset, wrong, appPassword, JWT_SECRET,
        Base64.getEncoder().encodeToString(JWT_SECRET.getBytes(StandardCharsets.UTF_8))));

    ManualClock clock = ManualClock.create();
    RecordingNotifier notifier = new RecordingNotifier();
    JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder("jdbc:h2:mem:secrets;DB_CLOSE_DELAY=-1").migrate(true).build());
    try (UserClient client = UserClient.builder()
        .stores(stores)
        .clock(clock)
        .notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .auth(AuthConfig.builder().jwtSecret(JWT_SECRET.getBytes(StandardCharsets.UTF_8))
                .resetLinkTemplate("https://app.example.com/reset?token={token}").build())
            .build())
        .build()) {
      Auth auth = client.auth();

      auth.register("ann@example.com", Password.of(annPassword), "Ann");
      String code = notifier.lastCode("ann@example.com").orElseThrow();
      secrets.add(code);
      seen.add(notifier.sent().toString());
      seen.add(failure(() -> auth.confirmRegistration("ann@example.com", code.equals("000000") ? "000001" : "000000")));
      User ann = auth.confirmRegistration("ann@example.com", code);
      seen.add(ann.toString());

      seen.add(failure(() -> auth.login("ann@example.com", Password.of(wrong), LoginContext.ofAddress("198.51.100.4"))));
      seen.add(failure(() -> auth.login("nobody@example.com", Password.of(wrong))));
      Session session = auth.login("ann@example.com", Password.of(annPassword), LoginContext.of("198.51.100.4", "test"));
      secrets.addAll(List.of(session.accessToken(), session.refreshToken()));
      seen.add(session.toString());
      Principal principal = auth.authenticate(session.accessToken());
      seen.add(principal.toString());

      Session refreshed = auth.refresh(session.refreshToken());
      secrets.addAll(List.of(refreshed.accessToken(), refreshed.refreshToken()));
      seen.add(failure(() -> auth.refresh(session.refreshToken()))); // reuse: revokes the family
      seen.add(failure(() -> auth.authenticate(refreshed.accessToken())));

      Session second = auth.login("ann@example.com", Password.of(annPassword));
      secrets.addAll(List.of(second.accessToken(), second.refreshToken()));
      Session changed = auth.changePassword(ann.id(), Password.of(annPassword), Password.of(annNext));
      secrets.addAll(List.of(changed.accessToken(), changed.refreshToken()));
      seen.add(failure(() -> auth.changePassword(ann.id(), Password.of(wrong), Password.of(annReset))));
      auth.logout(changed.accessToken());
      seen.add(failure(() -> auth.authenticate(changed.accessToken())));

      for (int i = 0; i < 10; i++) {
        seen.add(failure(() -> auth.login("ann@example.com", Password.of(wrong))));
      }
      seen.add(failure(() -> auth.login("ann@example.com", Password.of(annNext)))); // locked

      auth.requestPasswordReset("ann@example.com");
      auth.requestPasswordReset("nobody@example.com");
      String link = notifier.lastResetLink("ann@example.com").orElseThrow();
      String token = URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
      secrets.addAll(List.of(link, token));
      seen.add(notifier.sent().toString());
      auth.resetPassword(token, Password.of(annReset));
      seen.add(failure(() -> auth.resetPassword(token, Password.of(annReset))));
      Session afterReset = auth.login("ann@example.com", Password.of(annReset));
      secrets.addAll(List.of(afterReset.accessToken(), afterReset.refreshToken()));
      auth.logoutEverywhere(ann.id());
      seen.add(failure(() -> auth.register("bob@example.com", Password.of("short"), null)));

      User admin = auth.createUser(NewUser.email("admin@example.com").admin(true), Password.of(annPassword));
      Session adminSession = auth.login("admin@example.com", Password.of(annPassword));
      secrets.addAll(List.of(adminSession.accessToken(), adminSession.refreshToken()));
      AppPassword app = auth.appPassword();
      app.setPassword(Password.of(appPassword));
      AppPassword.AppSession appSession = app.login(Password.of(appPassword));
      secrets.add(appSession.token());
      seen.add(appSession.toString());
      app.verify(appSession.token());
      app.setPassword(Password.of(annNext), auth.authenticate(adminSession.accessToken()));
      seen.add(failure(() -> app.verify(appSession.token())));
      seen.add(failure(() -> app.login(Password.of(wrong))));
      seen.add(admin.toString());
      seen.add(client.config().toString());
      seen.add(Password.of(appPassword).toString());

      clock.advance(Duration.ofDays(120));
      auth.purgeExpired();
    }
    assertThatThrownBy(() -> { throw new InvalidCredentialsException(); }).hasMessageNotContaining(wrong);
    assertThatThrownBy(() -> { throw new InvalidTokenException("x"); }).isInstanceOf(InvalidTokenException.class);
  }

  /**
   * Second factors (enrolment, sign-in with a code and a recovery code, a cooldown, step-up, new
   * recovery codes, removal) and the emailed codes (verification, change, sign-in by code and link).
   */
  private void runSecondFactorAndEmailFlows(List<String> secrets, List<String> seen) {
    String password = "dan's only passphrase";
    String mfaKey = "an-mfa-key-of-exactly-32-bytes!!";
    secrets.addAll(List.of(password, mfaKey));
    ManualClock clock = ManualClock.create();
    RecordingNotifier notifier = new RecordingNotifier();
    JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder("jdbc:h2:mem:secrets-mfa;DB_CLOSE_DELAY=-1").migrate(true).build());
    try (UserClient client = UserClient.builder().stores(stores).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .auth(AuthConfig.builder().jwtSecret(JWT_SECRET.getBytes(StandardCharsets.UTF_8))
                .mfaKey(mfaKey.getBytes(StandardCharsets.UTF_8))
                .verifyLinkTemplate("https://app.example.com/verify?token={token}")
                .signInLinkTemplate("https://app.example.com/sign-in?token={token}").build())
            .build())
        .build()) {
      Auth auth = client.auth();
      User dan = auth.createUser(NewUser.email("dan@example.com"), Password.of(password));

      TotpEnrolment enrolment = auth.secondFactors().enrolTotp(dan.id(), "dan@example.com");
      secrets.addAll(List.of(enrolment.secret(), enrolment.uri()));
      seen.add(enrolment.toString());
      AuthenticatorApp app = AuthenticatorApp.scan(enrolment);
      String first = app.codeAt(clock.instant());
      String wrong = app.wrongCodeAt(clock.instant());
      secrets.add(first);
      seen.add(failure(() -> auth.secondFactors().confirmTotp(dan.id(), wrong)));
      RecoveryCodes codes = auth.secondFactors().confirmTotp(dan.id(), first);
      secrets.addAll(codes.codes());
      seen.add(codes.toString());
      seen.add(auth.secondFactors().status(dan.id()).toString());

      clock.advance(Duration.ofSeconds(30));
      SignIn.SecondFactorRequired challenge = (SignIn.SecondFactorRequired) auth.signIn("dan@example.com", Password.of(password), LoginContext.NONE);
      secrets.add(challenge.challenge());
      seen.add(challenge.toString());
      seen.add(failure(() -> auth.login("dan@example.com", Password.of(password))));
      seen.add(failure(() -> auth.completeSignIn(challenge.challenge(), app.wrongCodeAt(clock.instant()), LoginContext.NONE)));
      String second = app.codeAt(clock.instant());
      secrets.add(second);
      Session session = auth.completeSignIn(challenge.challenge(), second, LoginContext.NONE);
      secrets.addAll(List.of(session.accessToken(), session.refreshToken()));
      seen.add(failure(() -> auth.completeSignIn(challenge.challenge(), second, LoginContext.NONE)));
      Principal principal = auth.authenticate(session.accessToken());
      seen.add(principal.toString());

      SignIn.SecondFactorRequired again = (SignIn.SecondFactorRequired) auth.signIn("dan@example.com", Password.of(password), LoginContext.NONE);
      secrets.add(again.challenge());
      Session recovered = auth.completeSignIn(again.challenge(), codes.codes().get(0), LoginContext.NONE);
      secrets.addAll(List.of(recovered.accessToken(), recovered.refreshToken()));

      clock.advance(Duration.ofSeconds(30));
      String stepCode = app.codeAt(clock.instant());
      secrets.add(stepCode);
      Session steppedUp = auth.stepUp(principal, stepCode);
      secrets.addAll(List.of(steppedUp.accessToken(), steppedUp.refreshToken()));
      seen.add(failure(() -> auth.requireRecentSecondFactor(auth.authenticate(recovered.accessToken()), Duration.ZERO.minusSeconds(1))));

      SignIn.SecondFactorRequired blocked = (SignIn.SecondFactorRequired) auth.signIn("dan@example.com", Password.of(password), LoginContext.NONE);
      secrets.add(blocked.challenge());
      for (int i = 0; i < 6; i++) {
        seen.add(failure(() -> auth.completeSignIn(blocked.challenge(), app.wrongCodeAt(clock.instant()), LoginContext.NONE)));
      }
      clock.advance(Duration.ofMinutes(16));
      String regenerateCode = app.codeAt(clock.instant());
      secrets.add(regenerateCode);
      RecoveryCodes fresh = auth.secondFactors().regenerateRecoveryCodes(dan.id(), regenerateCode);
      secrets.addAll(fresh.codes());
      auth.secondFactors().disable(dan.id(), fresh.codes().get(0));

      auth.emails().requestVerification(dan.id());
      String verifyCode = notifier.lastVerificationCode("dan@example.com").orElseThrow();
      String verifyToken = notifier.lastVerificationToken("dan@example.com").orElseThrow();
      secrets.addAll(List.of(verifyCode, verifyToken));
      seen.add(notifier.sent().toString());
      seen.add(failure(() -> auth.emails().confirmVerificationLink(verifyToken + "x")));
      auth.emails().confirmVerificationLink(verifyToken);

      auth.emails().requestChange(dan.id(), "dan@new.example.com", Password.of(password));
      String changeCode = notifier.lastEmailChangeCode("dan@new.example.com").orElseThrow();
      secrets.add(changeCode);
      seen.add(failure(() -> auth.emails().confirmChange(dan.id(), changeCode.equals("000000") ? "000001" : "000000")));
      auth.emails().confirmChange(dan.id(), changeCode);

      auth.requestSignInCode("dan@new.example.com");
      auth.requestSignInCode("nobody@example.com");
      String signInCode = notifier.lastSignInCode("dan@new.example.com").orElseThrow();
      String signInToken = notifier.lastSignInToken("dan@new.example.com").orElseThrow();
      secrets.addAll(List.of(signInCode, signInToken));
      seen.add(notifier.sent().toString());
      seen.add(failure(() -> auth.signInWithCode("dan@new.example.com", signInCode.equals("000000") ? "000001" : "000000", LoginContext.NONE)));
      SignIn byLink = auth.signInWithLink(signInToken, LoginContext.NONE);
      Session linked = ((SignIn.Complete) byLink).session();
      secrets.addAll(List.of(linked.accessToken(), linked.refreshToken()));
      seen.add(byLink.toString());
      seen.add(failure(() -> auth.signInWithCode("dan@new.example.com", signInCode, LoginContext.NONE)));
      clock.advance(Duration.ofDays(1));
      auth.purgeExpired();
    }
  }

  /** Auth0 tokens, accepted, refused and unverifiable, through an authenticator and a client. */
  private void runAuth0Flows(List<String> secrets, List<String> seen) {
    String api = "https://api.example.com";
    try (FakeAuth0 fake = FakeAuth0.start()) {
      Auth0Authenticator auth0 = Auth0Authenticator.forDomain("tenant.example.com")
          .issuer(fake.issuer()).jwksUri(fake.jwksUri()).audience(api).linkVerifiedEmail(true).build();
      try (UserClient client = UserClient.builder().stores(InMemoryStores.create()).authenticator(auth0)
          .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
              .auth(AuthConfig.builder().modes(AuthMode.AUTH0, AuthMode.PASSWORD).jwtSecret(JWT_SECRET.getBytes(StandardCharsets.UTF_8)).build())
              .build())
          .build()) {
        client.users().create(NewUser.email("cleo@example.com"));
        String valid = fake.token().subject("auth0|cleo").audience(api).claim("email", "cleo@example.com")
            .claim("email_verified", true).sign();
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "x." + parts[2];
        String confused = fake.token().audience(api).signHs256(fake.signingKey().publicKey().getEncoded());
        String expired = fake.token().audience(api).expiresAt(java.time.Instant.now().minusSeconds(3600)).sign();
        secrets.addAll(List.of(valid, parts[2], tampered, confused, expired));

        Principal cleo = client.auth().authenticate(valid);
        seen.add(cleo.toString());
        seen.add(auth0.validate(valid).toString());
        seen.add(failure(() -> client.auth().authenticate(tampered)));
        seen.add(failure(() -> client.auth().authenticate(confused)));
        seen.add(failure(() -> client.auth().authenticate(expired)));
      }
      fake.outage();
      Auth0Authenticator cold = Auth0Authenticator.forDomain("tenant.example.com")
          .issuer(fake.issuer()).jwksUri(fake.jwksUri()).audience(api).build();
      String unverifiable = fake.token().audience(api).sign();
      secrets.add(unverifiable);
      seen.add(failure(() -> cold.validate(unverifiable)));
      cold.close();
    }
  }

  /** Runs a call that must fail and returns everything its exception says about itself. */
  private static String failure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      StringBuilder text = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        text.append(t).append('\n');
      }
      return text.toString();
    }
    throw new AssertionError("the call was expected to fail");
  }
}
