package dev.usersdk.cli;

import dev.usersdk.Settings;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every command works with: the settings (the same {@code USER_SDK_*} the library reads), the
 * streams, and the store and client, opened on first use and closed at the end of the run.
 */
final class Cli implements AutoCloseable {
  /** The operator acting when a command is given no {@code --actor}. */
  static final String ACTOR = "USER_SDK_CLI_ACTOR";

  /**
   * The application's event subscriptions (comma-separated names, as its relay has them): a change
   * made here is written to their outbox for the application's relay to deliver.
   */
  static final String SUBSCRIPTIONS = "USER_SDK_CLI_SUBSCRIPTIONS";

  /** The CLI's own pool size (default 2), whatever the application's is. */
  static final String POOL_SIZE = "USER_SDK_CLI_POOL_SIZE";

  private final Map<String, String> env;
  private final BufferedReader in;
  final PrintStream out;
  final PrintStream err;
  private JdbcStores stores;
  private UserClient client;

  Cli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.err = err;
  }

  Settings settings() {
    return Settings.of(env);
  }

  /**
   * The store's settings; the schema is checked, never migrated, except by {@code migrate}. A run
   * needs two connections, not the application's pool: an incident may be a server at its limit.
   */
  JdbcConfig jdbcConfig() {
    Map<String, String> settings = new HashMap<>(env);
    settings.put(JdbcConfig.MIGRATE, "false");
    settings.put(JdbcConfig.POOL_SIZE, Optional.ofNullable(env.get(POOL_SIZE)).orElse("2"));
    String url = JdbcConfig.fromMap(settings).url();
    if (url.startsWith("jdbc:mysql:") && !url.contains("permitMysqlScheme")) {
      // The jar carries MariaDB's driver, which serves MySQL too once the URL says it may.
      settings.put(JdbcConfig.URL, url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme");
    }
    return JdbcConfig.fromMap(settings);
  }

  JdbcStores stores() {
    if (stores == null) {
      stores = JdbcStores.fromConfig(jdbcConfig());
    }
    return stores;
  }

  UserClient client() {
    if (client == null) {
      UserClient.Builder builder = UserClient.builder().stores(stores()).config(config());
      // Each subscription gets a sink that is never run: the CLI starts no relay, so its changes
      // wait in the outbox, in order, for the application's relay, as the application's own do.
      for (String name : settings().list(SUBSCRIPTIONS)) {
        builder.subscribe(
            Subscription.of(
                name,
                event -> {
                  throw new IllegalStateException("the CLI delivers no events");
                }));
      }
      client = builder.build();
    }
    return client;
  }

  /**
   * The host's user settings (environment, admin ids, roles, opening balance, approval, deduction
   * batching). None of the authentication settings: the CLI issues and checks no tokens, so it
   * signs with a throwaway secret in password mode, and an application configured for Auth0 (which
   * needs an authenticator the CLI does not have) or with a signing key file works the same.
   */
  private UserSdkConfig config() {
    Map<String, String> settings = new HashMap<>();
    for (String key :
        new String[] {
          UserSdkConfig.ENVIRONMENT,
          UserSdkConfig.ADMIN_IDS,
          UserSdkConfig.DEFAULT_BALANCE,
          UserSdkConfig.REQUIRE_APPROVAL,
          UserSdkConfig.DEDUCTION_BATCH,
          UserSdkConfig.DEDUCTION_QUEUE,
          UserSdkConfig.ROLES
        }) {
      Optional.ofNullable(env.get(key)).ifPresent(value -> settings.put(key, value));
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    settings.put(AuthConfig.JWT_SECRET, Base64.getEncoder().encodeToString(secret));
    return UserSdkConfig.fromMap(settings);
  }

  /**
   * How a question names a user: its email (or id), id, status and whether it is an admin (a
   * configured admin id counts), with control characters escaped.
   */
  String describe(User user) {
    return Output.printable(
        user.email().map(Object::toString).orElse("user")
            + " ("
            + user.id()
            + ", "
            + user.status()
            + (client().users().isAdmin(user) ? ", admin" : "")
            + ")");
  }

  /**
   * A user named by id or by email, read: one that does not exist fails here, before any question.
   */
  User existingUser(String reference) {
    return client().users().get(user(reference));
  }

  /** A user named by id or by email (an id is not looked up: the audit trail outlives users). */
  UserId user(String reference) {
    String text = reference.strip();
    if (!text.contains("@")) {
      return UserId.parse(text);
    }
    return client()
        .users()
        .findByEmail(text)
        .map(User::id)
        .orElseThrow(() -> new NoSuchEmail(text));
  }

  /** No user has the email given in place of an id. */
  static final class NoSuchEmail extends dev.usersdk.UserSdkException {
    private static final long serialVersionUID = 1L;

    NoSuchEmail(String email) {
      super("user_not_found", "no user with email " + email);
    }
  }

  /** The acting user, who must exist: {@code --actor}, else {@value #ACTOR}. */
  UserId actor(String reference) {
    String given =
        Optional.ofNullable(reference)
            .or(() -> Optional.ofNullable(env.get(ACTOR)))
            .filter(text -> !text.isBlank())
            .orElseThrow(
                () ->
                    new ValidationException(
                        "actor",
                        "this command acts as an admin: give --actor <id or email> or set "
                            + ACTOR));
    return existingUser(given).id();
  }

  /**
   * Asks on stderr and reads the answer from the terminal; anything but {@code yes} (or no
   * terminal, no answer) declines.
   */
  boolean confirmed(String question) {
    err.print(question + " Type 'yes' to go on: ");
    err.flush();
    try {
      String answer = in.readLine();
      return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes the client and the store; a failure to close is a warning, not the run's outcome. */
  @Override
  public void close() {
    try {
      if (client != null) {
        client.close();
      }
      if (stores != null) {
        stores.close();
      }
    } catch (RuntimeException e) {
      err.println("warning: closing the store failed (" + e.getClass().getSimpleName() + ")");
    }
  }
}
