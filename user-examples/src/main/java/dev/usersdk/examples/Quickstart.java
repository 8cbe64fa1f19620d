package dev.usersdk.examples;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.RecoveryCodes;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SignIn;
import dev.usersdk.auth.TotpEnrolment;
import dev.usersdk.auth.password.Password;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.AuthenticatorApp;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.Users;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The quickstart: creates users, lists them, shows admin and approval, then credits, deducts (once,
 * however often it is retried), refuses an overdraft and prints the ledger; then registers a user
 * with an emailed code (printed by a console notifier), confirms, logs in, authenticates, refreshes
 * and logs out; then turns on a second factor (TOTP) and signs in with password and code. Runs with
 * no setup on an embedded H2 file database ({@code ./data}); set {@code USER_SDK_DB_URL} (and
 * {@code USER_SDK_DB_USER} / {@code USER_SDK_DB_PASSWORD}) to run it against MySQL, MariaDB or
 * PostgreSQL instead. Run it twice: the second run finds the users of the first.
 *
 * <p>{@code ./mvnw -q -pl user-examples -am compile exec:java}
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    // A demo may create its own schema; a production application runs JdbcStores.migrate
    // deliberately.
    env.putIfAbsent(JdbcConfig.MIGRATE, "true");
    if (env.getOrDefault(JdbcConfig.URL, "").isBlank()) {
      Path data = Path.of("data").toAbsolutePath();
      System.out.println(
          "Data directory: " + data + " (embedded H2; set USER_SDK_DB_URL to use a server)");
      env.put(JdbcConfig.URL, "jdbc:h2:file:" + data.resolve("usersdk-quickstart"));
    }
    JdbcConfig config = JdbcConfig.fromMap(env);
    System.out.println("Database: " + config);
    run(System.out, JdbcStores.fromConfig(config));
  }

  static void run(PrintStream out, Stores stores) {
    UserSdkConfig config =
        UserSdkConfig.builder()
            .environment(Environment.DEVELOPMENT)
            .requireApproval(true) // new users wait for an admin
            .build();
    // The demo prints the "emailed" code (and keeps it for Carol to type); a real application
    // passes its email service here.
    AtomicReference<String> inbox = new AtomicReference<>();
    Notifier console =
        notification -> {
          if (notification instanceof Notification.RegistrationCode registration) {
            inbox.set(registration.code());
            out.println(
                "  [to " + notification.to() + "] your confirmation code is " + inbox.get());
          } else {
            out.println(
                "  [to " + notification.to() + "] " + notification.getClass().getSimpleName());
          }
        };
    try (UserClient client =
        UserClient.builder().stores(stores).config(config).notifier(console).build()) {
      Users users = client.users();

      int before = users.list(UserQuery.all()).items().size();
      User ada =
          findOrCreate(
              users,
              NewUser.email("ada@example.com").name("Ada").admin(true).status(UserStatus.APPROVED));
      User ann =
          findOrCreate(users, NewUser.email("  Ann@Example.com ").name("Ann").company("Acme"));
      User bob =
          findOrCreate(users, NewUser.email("bob@example.com").name("Bob").telegram("@bob_builds"));
      out.println(
          before == 0
              ? "Created 3 users; new users wait for approval:"
              : "Found " + before + " users from an earlier run:");
      print(out, users);

      ann = users.approve(ann.id(), ada.id());
      out.println();
      out.println(
          "Ada approved " + ann.email().orElseThrow() + "; Bob disabled; Ann made an admin:");
      users.disable(bob.id(), ada.id());
      users.setAdmin(ann.id(), true, ada.id());
      users.updateProfile(ann.id(), ProfileUpdate.of().phone("+1 555 0100"));
      print(out, users);

      out.println();
      out.println(
          "Admins: "
              + users.list(UserQuery.all().admin(true)).items().stream()
                  .map(u -> u.profile().name())
                  .toList());
      out.println(
          "Pending: " + users.list(UserQuery.all().status(UserStatus.PENDING)).items().size());

      ledger(out, client.ledger(), ann);
      signIn(out, client, ada, inbox);
      secondFactor(out, client);
    }
  }

  /**
   * Carol turns on a second factor with her phone's authenticator app (here the testkit's {@link
   * AuthenticatorApp}), signs in with password and code, and turns it off again with a recovery
   * code, so the demo can run again.
   */
  private static void secondFactor(PrintStream out, UserClient client) {
    Auth auth = client.auth();
    Password password = Password.of("correct horse battery staple");
    User carol = client.users().findByEmail("carol@example.com").orElseThrow();
    out.println();
    out.println("Carol turns on a second factor and signs in with it:");
    TotpEnrolment enrolment = auth.secondFactors().enrolTotp(carol.id(), "carol@example.com");
    out.println("  enrol -> show as a QR code: " + enrolment.uri().substring(0, 33) + "...");
    AuthenticatorApp phone = AuthenticatorApp.scan(enrolment);
    RecoveryCodes recovery =
        auth.secondFactors().confirmTotp(carol.id(), phone.codeAt(Instant.now()));
    out.println("  confirm with the app's code -> " + recovery.codes().size() + " recovery codes");
    SignIn signIn = auth.signIn("carol@example.com", password, LoginContext.NONE);
    if (signIn instanceof SignIn.SecondFactorRequired challenge) {
      out.println("  password -> a second factor is required");
      // Each code works once, and confirming used this step's: the demo takes the next step's
      // code (one step of leeway either side) rather than wait 30 seconds.
      Session session =
          auth.completeSignIn(
              challenge.challenge(),
              phone.codeAt(Instant.now().plusSeconds(30)),
              LoginContext.NONE);
      out.println(
          "  code -> signed in with " + auth.authenticate(session.accessToken()).assurance());
    }
    auth.secondFactors().disable(carol.id(), recovery.codes().get(0));
    out.println("  turned off with a recovery code");
  }

  private static void signIn(
      PrintStream out, UserClient client, User ada, AtomicReference<String> inbox) {
    Auth auth = client.auth();
    Password password = Password.of("correct horse battery staple");
    out.println();
    out.println("Carol signs up, confirms the emailed code, waits for approval and signs in:");
    User carol = client.users().findByEmail("carol@example.com").orElse(null);
    if (carol == null) {
      auth.register("carol@example.com", password, "Carol");
      carol = auth.confirmRegistration("carol@example.com", inbox.get());
      out.println("  confirmed: " + carol.email().orElseThrow() + " is " + carol.status());
      try {
        auth.login("carol@example.com", password);
      } catch (AccountPendingException e) {
        out.println("  login -> refused: " + e.code());
      }
      client.users().approve(carol.id(), ada.id());
    } else {
      out.println("  (Carol registered in an earlier run)");
    }
    Session session =
        auth.login("carol@example.com", password, LoginContext.ofAddress("127.0.0.1"));
    out.println("  login -> " + session);
    Principal me = auth.authenticate(session.accessToken());
    out.println(
        "  authenticate -> "
            + me.user().profile().name()
            + " ("
            + me.mode()
            + ", admin="
            + me.admin()
            + ")");
    auth.refresh(session.refreshToken());
    out.println("  refresh -> a new pair; the old refresh token is spent");
    try {
      auth.refresh(session.refreshToken());
    } catch (InvalidTokenException e) {
      out.println("  refresh with the spent token -> refused (" + e.getMessage() + ")");
    }
    Session again = auth.login("carol@example.com", password);
    auth.logout(again.accessToken());
    try {
      auth.authenticate(again.accessToken());
    } catch (InvalidTokenException e) {
      out.println("  logout -> the token is refused (" + e.getMessage() + ")");
    }
    try {
      auth.login("carol@example.com", Password.of("a wrong guess at it"));
    } catch (InvalidCredentialsException e) {
      out.println("  wrong password -> refused: " + e.code());
    }
    out.println(
        "  attempts: "
            + auth.loginAttempts(carol.id(), 10).stream()
                .map(a -> a.outcome().toString())
                .toList());
  }

  private static void ledger(PrintStream out, BalanceLedger ledger, User ann) {
    out.println();
    out.println("Ann's credits (every new user opens with the default 5.00):");
    // Keys make every call safe to retry, and this demo safe to run twice: nothing is charged
    // twice.
    Receipt topUp =
        ledger.credit(ann.id(), Credits.of("10"), IdempotencyKey.of("top-up-1"), "card payment");
    out.println(
        "  credit 10.00           -> balance "
            + topUp.balanceAfter()
            + (topUp.replayed() ? " (replayed)" : ""));
    Receipt run =
        ledger.deduct(ann.id(), Credits.of("0.25"), IdempotencyKey.of("run-42"), "workflow run 42");
    out.println(
        "  deduct 0.25 (run-42)   -> balance "
            + run.balanceAfter()
            + (run.replayed() ? " (replayed)" : ""));
    Receipt retry =
        ledger.deduct(ann.id(), Credits.of("0.25"), IdempotencyKey.of("run-42"), "workflow run 42");
    out.println(
        "  retry run-42           -> balance "
            + retry.balanceAfter()
            + ", same entry: "
            + retry.entryId().equals(run.entryId())
            + ", charged again: false");
    try {
      ledger.deduct(ann.id(), Credits.of("100"), IdempotencyKey.of("run-43"));
    } catch (InsufficientBalanceException e) {
      out.println(
          "  deduct 100.00 (run-43) -> refused: requested "
              + e.requested()
              + ", available "
              + e.available());
    }
    out.println("History, newest first:");
    for (LedgerEntry entry : ledger.history(ann.id(), 10).items()) {
      out.printf(
          "  %-10s %8s -> %6s  %s%n",
          entry.kind(), entry.amount(), entry.balanceAfter(), entry.memo().orElse(""));
    }
    out.println("Reconciled: " + ledger.reconcile(ann.id()).consistent());
  }

  private static User findOrCreate(Users users, NewUser user) {
    return users
        .findByEmail(user.email().orElseThrow().value())
        .orElseGet(() -> users.create(user));
  }

  private static void print(PrintStream out, Users users) {
    for (User user : users.list(UserQuery.all()).items()) {
      out.printf(
          "  %-18s %-8s %-9s admin=%-5s v%d %s%n",
          user.email().map(Object::toString).orElse("-"),
          user.profile().name(),
          user.status(),
          users.isAdmin(user),
          user.version(),
          user.id());
    }
  }
}
