package dev.usersdk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.AuditEntry;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.Credits;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every CLI command run in-process ({@link UserCli#run}) against a fresh database of one kind, its
 * effect checked through a client of the library on the same database.
 */
abstract class CliContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final Password PASSWORD = Password.of("correct horse battery");

  private TestDatabase db;
  private final Map<String, String> env = new HashMap<>();
  private JdbcStores stores;
  private UserClient client;

  protected abstract TestDatabase.Kind kind();

  /** What a run printed and how it ended. */
  record Result(int exit, String out, String err) {}

  @BeforeEach
  void freshDatabase() {
    db = TestDatabase.create(kind());
    env.put("USER_SDK_DB_URL", db.url());
    env.put("USER_SDK_ROLES", "support=users:approve;billing=credits:adjust");
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (stores != null) {
      stores.close();
    }
    if (db != null) { // null when the database could not be had and the test was skipped
      db.close();
    }
  }

  Result answering(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = UserCli.run(args, env, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Result cli(String... args) {
    return answering("", args);
  }

  /** The database migrated by the CLI, and a client of the library on it. */
  private UserClient migratedClient() {
    assertThat(cli("migrate").exit()).isZero();
    stores = JdbcStores.fromConfig(JdbcConfig.builder(db.url()).migrate(false).build());
    client = UserClient.builder().stores(stores)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .role("support", "users:approve").role("billing", "credits:adjust")
            .auth(AuthConfig.builder().jwtSecret(SECRET).build()).build())
        .build();
    return client;
  }

  private User admin() {
    return client.users().create(NewUser.email("admin@example.com").admin(true).status(UserStatus.APPROVED));
  }

  @Test
  void migrateBringsTheSchemaUpOnceAndStatusReportsIt() {
    Result before = cli("status");
    assertThat(before.exit()).as("a schema behind the library: %s", before.err()).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(before.err()).contains("error [invalid_configuration]");

    Result migrated = cli("migrate", "--json");
    assertThat(migrated.exit()).isZero();
    String version = String.valueOf(JdbcStoresVersion.EXPECTED);
    assertThat(migrated.out()).contains("\"applied\":" + version).contains("\"schema_version\":\"" + version + "\"");
    assertThat(cli("migrate", "--json").out()).contains("\"applied\":0");

    Result status = cli("status", "--json");
    assertThat(status.exit()).as(status.out() + status.err()).isZero();
    assertThat(status.out()).contains("\"status\":\"UP\"").contains("\"schema_version\":\"" + version + "\"")
        .contains("\"expected_schema_version\":\"" + version + "\"").contains("\"users\":0")
        .doesNotContain(db.url());
    Result text = cli("status");
    assertThat(text.out()).containsPattern("status\\s+UP").containsPattern("users\\s+0");
  }

  @Test
  void usersAreListedShownApprovedDisabledEnabledAndMadeAdminsByAnAdmin() {
    migratedClient();
    User admin = admin();
    User ann = client.users().create(NewUser.email("ann@example.com").status(UserStatus.PENDING));
    User bob = client.users().create(NewUser.email("bob@example.com").status(UserStatus.APPROVED));

    Result list = cli("users", "list", "--json");
    assertThat(list.out()).contains("admin@example.com", "ann@example.com", "bob@example.com");
    Result pending = cli("users", "list", "--status", "pending");
    assertThat(pending.out()).contains("ann@example.com").doesNotContain("bob@example.com");
    Result page = cli("users", "list", "--limit", "1", "--json");
    String cursor = page.out().replaceAll(".*\"next_cursor\":\"([^\"]+)\".*\\s*", "$1");
    assertThat(cli("users", "list", "--limit", "1", "--cursor", cursor).out()).contains("ann@example.com");

    Result show = cli("users", "show", "ann@example.com", "--json");
    assertThat(show.out()).contains("\"id\":\"" + ann.id() + "\"", "\"status\":\"PENDING\"",
        "\"balance_available\":\"5.00\"", "\"roles\":[]");

    Result approve = cli("users", "approve", ann.id().toString(), "--actor", "admin@example.com");
    assertThat(approve.exit()).as(approve.err()).isZero();
    assertThat(client.users().get(ann.id()).status()).isEqualTo(UserStatus.APPROVED);
    assertThat(client.users().get(ann.id()).approvedBy()).contains(admin.id());

    Result declined = answering("no\n", "users", "disable", "ann@example.com", "--actor", "admin@example.com");
    assertThat(declined.exit()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(declined.err()).contains("Type 'yes'").contains("nothing was changed");
    assertThat(client.users().get(ann.id()).status()).isEqualTo(UserStatus.APPROVED);
    assertThat(answering("yes\n", "users", "disable", "ann@example.com", "--actor", "admin@example.com").exit()).isZero();
    assertThat(client.users().get(ann.id()).status()).isEqualTo(UserStatus.DISABLED);
    env.put(Cli.ACTOR, admin.id().toString());
    assertThat(cli("users", "enable", "ann@example.com").exit()).as("the actor from the environment").isZero();
    assertThat(client.users().get(ann.id()).status()).isEqualTo(UserStatus.APPROVED);
    assertThat(cli("users", "set-admin", "bob@example.com", "true", "--yes").exit()).isZero();
    assertThat(client.users().get(bob.id()).admin()).isTrue();

    env.remove(Cli.ACTOR);
    Result forbidden = cli("users", "set-admin", "ann@example.com", "true", "--yes", "--actor", "ann@example.com");
    assertThat(forbidden.exit()).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(forbidden.err()).contains("error [forbidden]");
    assertThat(client.users().get(ann.id()).admin()).isFalse();
    Result noActor = cli("users", "disable", "ann@example.com", "--yes", "--json");
    assertThat(noActor.exit()).isEqualTo(ExitCode.REFUSED);
    assertThat(noActor.out()).contains("\"code\":\"validation_failed\"").contains("--actor");
    assertThat(cli("users", "show", "nobody@example.com").exit()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(cli("users", "show", "not-an-id").exit()).isEqualTo(ExitCode.REFUSED);
    assertThat(cli("users", "frobnicate").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(cli("users").exit()).as("a group alone").isEqualTo(ExitCode.USAGE);
  }

  @Test
  void creditsAreGrantedAndAdjustedOnceByKeyAndTheLedgerReconciles() {
    migratedClient();
    User admin = admin();
    User ann = client.users().create(NewUser.email("ann@example.com").status(UserStatus.APPROVED));
    env.put(Cli.ACTOR, "admin@example.com");

    Result grant = cli("credits", "grant", "ann@example.com", "10", "--reason", "goodwill", "--key", "ticket-7",
        "--yes", "--json");
    assertThat(grant.exit()).as(grant.out() + grant.err()).isZero();
    assertThat(grant.out()).contains("\"kind\":\"ADJUSTMENT\"", "\"balance_after\":\"15.00\"", "\"key\":\"ticket-7\"");
    Result again = cli("credits", "grant", "ann@example.com", "10", "--reason", "goodwill", "--key", "ticket-7",
        "--yes", "--json");
    assertThat(again.out()).as("the same entry again").isEqualTo(grant.out());
    assertThat(client.ledger().balance(ann.id()).available()).isEqualTo(Credits.of(15));

    assertThat(answering("n\n", "credits", "adjust", "ann@example.com", "-2.5", "--reason", "fee").exit())
        .isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(answering("yes\n", "credits", "adjust", "ann@example.com", "-2.5", "--reason", "fee").exit()).isZero();
    assertThat(client.ledger().balance(ann.id()).available()).isEqualTo(Credits.of("12.50"));
    assertThat(cli("credits", "grant", "ann@example.com", "-1", "--reason", "x", "--yes").exit())
        .isEqualTo(ExitCode.REFUSED);
    assertThat(cli("credits", "grant", "ann@example.com", "1", "--yes").exit()).as("--reason is required")
        .isEqualTo(ExitCode.USAGE);
    Result byAnn = cli("credits", "grant", "ann@example.com", "1", "--reason", "x", "--yes", "--actor",
        "ann@example.com");
    assertThat(byAnn.exit()).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(client.ledger().balance(ann.id()).available()).isEqualTo(Credits.of("12.50"));

    Result history = cli("credits", "history", "ann@example.com", "--json");
    assertThat(history.out()).containsSubsequence("\"amount\":\"-2.50\"", "\"amount\":\"10.00\"", "\"amount\":\"5.00\"");
    assertThat(cli("credits", "history", ann.id().toString()).out()).contains("ADJUSTMENT", "fee");
    Result reconcile = cli("credits", "reconcile", "ann@example.com", "--json");
    assertThat(reconcile.exit()).isZero();
    assertThat(reconcile.out()).contains("\"consistent\":true", "\"entries\":3");
    assertThat(client.audit().byActor(admin.id(), 10, null).items()).extracting(AuditEntry::action)
        .containsExactly(AuditAction.LEDGER_ADJUST, AuditAction.LEDGER_ADJUST);
  }

  @Test
  void sessionsAreRevokedAndTheTrailShowsWhoDidItAndRolesAreGranted() {
    migratedClient();
    User admin = admin();
    User ann = client.auth().createUser(NewUser.email("ann@example.com").status(UserStatus.APPROVED), PASSWORD);
    String token = client.auth().login("ann@example.com", PASSWORD).accessToken();
    env.put(Cli.ACTOR, admin.id().toString());

    assertThat(cli("sessions", "revoke", "ann@example.com").exit()).as("no answer: not confirmed")
        .isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(client.auth().authenticate(token).userId()).isEqualTo(ann.id());
    assertThat(cli("sessions", "revoke", "ann@example.com", "--yes").exit()).isZero();
    assertThatThrownBy(() -> client.auth().authenticate(token)).isInstanceOf(InvalidTokenException.class);

    Result roles = cli("roles", "list");
    assertThat(roles.out()).containsPattern("support\\s+users:approve").containsPattern("billing\\s+credits:adjust");
    assertThat(cli("roles", "grant", "ann@example.com", "support").exit()).isZero();
    assertThat(client.roles().of(ann.id())).containsExactly("support");
    assertThat(cli("roles", "list", "ann@example.com", "--json").out()).contains("\"roles\":[\"support\"]")
        .contains("\"permissions\":[\"users:approve\"]");
    assertThat(cli("roles", "grant", "ann@example.com", "auditor").exit()).isEqualTo(ExitCode.REFUSED);
    assertThat(cli("roles", "revoke", "ann@example.com", "support", "--yes").exit()).isZero();
    assertThat(client.roles().of(ann.id())).isEmpty();

    Result trail = cli("audit", "ann@example.com", "--json");
    assertThat(trail.out()).containsSubsequence("\"action\":\"ROLE_REVOKE\"", "\"action\":\"ROLE_GRANT\"",
        "\"action\":\"FORCED_LOGOUT\"").contains("\"actor\":\"" + admin.id() + "\"");
    Result byAdmin = cli("audit", admin.id().toString(), "--by");
    assertThat(byAdmin.out()).contains("FORCED_LOGOUT", "ROLE_GRANT", ann.id().toString());
    assertThat(client.audit().ofSubject(ann.id(), 10, null).items()).hasSize(3);
  }

  @Test
  void anUnreachableStoreIsDownOrRetryableAndNoSecretIsPrinted() {
    env.put("USER_SDK_DB_URL", unreachableUrl());
    env.put("USER_SDK_DB_CONNECTION_TIMEOUT_MS", "1000");

    Result status = cli("status", "--json");
    assertThat(status.exit()).as(status.out() + status.err()).isEqualTo(ExitCode.FAILED);
    assertThat(status.out()).contains("\"status\":\"DOWN\"");
    Result migrate = cli("migrate");
    assertThat(migrate.exit()).as(migrate.err()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(migrate.err()).contains("error [store_unavailable]");
    for (Result result : List.of(status, migrate)) {
      assertThat(result.out() + result.err()).doesNotContain("s3cret-pw").doesNotContain("\tat ");
    }
  }

  private String unreachableUrl() {
    return switch (kind()) {
      case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:1/none?user=ops&password=s3cret-pw&connectTimeout=1";
      default -> "jdbc:mariadb://127.0.0.1:1/none?user=ops&password=s3cret-pw&connectTimeout=1000";
    };
  }

  @Test
  void aChangeMadeHereIsDeliveredByTheApplicationsRelay() {
    migratedClient();
    User admin = admin();
    User ann = client.users().create(NewUser.email("ann@example.com").status(UserStatus.APPROVED));
    List<dev.usersdk.event.DeliveredEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (UserClient application = UserClient.builder().stores(stores)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build())
        .subscribe(dev.usersdk.event.Subscription.of("billing", received::add)).build()) {
      env.put(Cli.SUBSCRIPTIONS, "billing");
      assertThat(cli("users", "disable", "ann@example.com", "--yes", "--actor", admin.id().toString()).exit()).isZero();
      application.events().runOnce();
      assertThat(received).filteredOn(e -> e.userId().equals(ann.id())).extracting(e -> e.type())
          .contains("user.status_changed");
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // without the bound, PostgreSQL's driver waits for ever
  void aServerThatAcceptsButNeverAnswersIsGivenUpOnAfterTheConnectionTimeout() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        List<java.net.Socket> held = new java.util.ArrayList<>();
        try {
          while (true) {
            held.add(silent.accept()); // accepted, never answered
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      env.put("USER_SDK_DB_URL", kind() == TestDatabase.Kind.POSTGRESQL
          ? "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/none?user=ops"
          : "jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/none?user=ops");
      env.put("USER_SDK_DB_CONNECTION_TIMEOUT_MS", "1000");
      long began = System.nanoTime();
      Result migrate = cli("migrate");
      long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
      assertThat(migrate.exit()).as(migrate.err()).isEqualTo(ExitCode.UNAVAILABLE);
      assertThat(seconds).as("bounded by the connection timeout, not the driver's default").isLessThan(20);
    }
  }

  @Test
  void anApplicationConfiguredForAuth0OrWithoutASecretIsOperatedAllTheSame() {
    migratedClient();
    admin();
    env.put("USER_SDK_AUTH_MODE", "auth0");
    env.put("USER_SDK_ENVIRONMENT", "production");
    env.put("USER_SDK_JWT_SECRET", "short");

    env.put("USER_SDK_DB_POOL_SIZE", "50");
    Result list = cli("users", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("admin@example.com");
    assertThat(cli("status", "--json").out()).as("the CLI's own two connections")
        .contains("\"pool_max\":2");
    if (kind() == TestDatabase.Kind.MYSQL) {
      env.put("USER_SDK_DB_URL", db.url().replace("jdbc:mariadb:", "jdbc:mysql:"));
      Result mysql = cli("users", "list");
      assertThat(mysql.exit()).as("a jdbc:mysql: URL through the bundled MariaDB driver: " + mysql.err()).isZero();
    }
  }

  @Test
  void aLedgerThatDoesNotExplainItsBalanceFailsReconcile() throws Exception {
    migratedClient();
    User ann = client.users().create(NewUser.email("ann@example.com").status(UserStatus.APPROVED));
    try (var connection = db.dataSource().getConnection(); var statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE usersdk_accounts SET balance = balance + 1000000");
    }
    Result reconcile = cli("credits", "reconcile", ann.id().toString());
    assertThat(reconcile.exit()).isEqualTo(ExitCode.FAILED);
    assertThat(reconcile.out()).containsPattern("consistent\\s+false").containsPattern("difference\\s+1.00");
  }

  @Test
  void aDeclinedQuestionChangesNothingAndAnUnknownUserFailsBeforeAnyQuestion() {
    migratedClient();
    User admin = admin();
    User ann = client.users().create(NewUser.email("ann@example.com").status(UserStatus.APPROVED));
    client.roles().grant(ann.id(), "support", admin.id());
    env.put(Cli.ACTOR, "admin@example.com");

    assertThat(answering("nope\n", "users", "set-admin", "ann@example.com", "true").exit())
        .isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(client.users().get(ann.id()).admin()).isFalse();
    Result revoke = answering("\n", "roles", "revoke", "ann@example.com", "support");
    assertThat(revoke.exit()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(revoke.err()).contains("ann@example.com").contains(ann.id().toString());
    assertThat(client.roles().of(ann.id())).containsExactly("support");
    Result notHeld = cli("roles", "revoke", "ann@example.com", "billing");
    assertThat(notHeld.exit()).as("nothing to ask about").isZero();
    assertThat(notHeld.err()).doesNotContain("Type 'yes'");

    Result unknown = answering("yes\n", "users", "disable", "nobody@example.com");
    assertThat(unknown.exit()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(unknown.err()).doesNotContain("Type 'yes'");
    Result zero = answering("yes\n", "credits", "adjust", "ann@example.com", "0", "--reason", "x");
    assertThat(zero.exit()).isEqualTo(ExitCode.REFUSED);
    assertThat(zero.err()).doesNotContain("Type 'yes'");
    Result unknownActor = answering("yes\n", "sessions", "revoke", "ann@example.com", "--actor", "ghost@example.com");
    assertThat(unknownActor.exit()).isEqualTo(ExitCode.NOT_FOUND);
    Result forbidden = cli("credits", "grant", "ann@example.com", "1", "--reason", "x", "--yes", "--json",
        "--actor", "ann@example.com");
    assertThat(forbidden.exit()).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(forbidden.out().strip()).startsWith("{\"error\":{\"code\":\"forbidden\",\"message\":")
        .endsWith("\"exit_code\":5}}");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Result help = cli("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("migrate", "status", "users", "credits", "sessions", "roles", "audit",
        "Exit codes", "USER_SDK_");
    Result usersHelp = cli("users", "--help");
    assertThat(usersHelp.out()).contains("list", "show", "approve", "disable", "enable", "set-admin");
    assertThat(cli("credits", "grant", "--help").out()).contains("--key", "--reason", "--actor", "--yes");
    assertThat(cli("nonsense").exit()).isEqualTo(ExitCode.USAGE);
  }

  /** The schema version this library expects: the number of its migrations. */
  static final class JdbcStoresVersion {
    static final int EXPECTED = 10;
  }

}
