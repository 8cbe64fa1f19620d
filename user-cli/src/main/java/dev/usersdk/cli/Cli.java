package dev.usersdk.cli;

import dev.usersdk.Settings;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AuthConfig;
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

  /** The store's settings; the schema is checked, never migrated, except by {@code migrate}. */
  JdbcConfig jdbcConfig() {
    Map<String, String> withoutMigrating = new HashMap<>(env);
    withoutMigrating.put(JdbcConfig.MIGRATE, "false");
    return JdbcConfig.fromMap(withoutMigrating);
  }

  JdbcStores stores() {
    if (stores == null) {
      stores = JdbcStores.fromConfig(jdbcConfig());
    }
    return stores;
  }

  UserClient client() {
    if (client == null) {
      client = UserClient.builder().stores(stores()).config(config()).build();
    }
    return client;
  }

  /**
   * The host's configuration (admin ids, roles ...). The CLI issues and checks no tokens, so where
   * the environment has no JWT secret or signing key it gets a throwaway one rather than failing.
   */
  private UserSdkConfig config() {
    Map<String, String> settings = new HashMap<>(env);
    if (isBlank(settings.get(AuthConfig.JWT_SECRET))
        && isBlank(settings.get(AuthConfig.JWT_SIGNING_KEY))) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      settings.put(AuthConfig.JWT_SECRET, Base64.getEncoder().encodeToString(secret));
    }
    return UserSdkConfig.fromMap(settings);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** A user named by id or by email. */
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

  /** The acting user: {@code --actor}, else {@value #ACTOR}. */
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
    return user(given);
  }

  /**
   * Asks on stderr and reads the answer; anything but {@code yes} (or no answer at all) declines.
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

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (stores != null) {
      stores.close();
    }
  }
}
