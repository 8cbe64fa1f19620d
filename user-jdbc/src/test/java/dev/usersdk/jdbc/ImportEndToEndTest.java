package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.ImportResult;
import dev.usersdk.auth.ImportedUser;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.ledger.Credits;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.UserId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moving a service's users in, end to end on the real servers: 10,000 users whose passwords were
 * hashed elsewhere (bcrypt, Django PBKDF2, Argon2 — cheap parameters, so the run fits two cores)
 * are imported in bulk; every one of them then logs in with its old password, which upgrades its
 * hash to Argon2id; balances and histories start with the imported amount; a second import of the
 * same file changes nothing.
 */
class ImportEndToEndTest {
  private static final Logger log = LoggerFactory.getLogger(ImportEndToEndTest.class);
  private static final int USERS = 10_000;
  private static final int LOGIN_THREADS = 4;
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final Instant CREATED = Instant.parse("2023-05-04T03:02:01.123456Z");

  private static List<ImportedUser> file;
  private static Map<UserId, String> passwords;

  /** The file is made once for both servers: hashing 10,000 passwords is the slow part. */
  @BeforeAll
  static void makeTheFile() throws Exception {
    long start = System.nanoTime();
    SecureRandom random = new SecureRandom();
    file = new ArrayList<>(USERS);
    passwords = new HashMap<>();
    var argon2 = PasswordHashers.argon2idForTestsOnly(64, 1);
    for (int i = 0; i < USERS; i++) {
      UserId id = UserId.of(UUID.randomUUID());
      String password = "old password " + i + " " + Long.toHexString(random.nextLong());
      String hash = switch (i % 3) {
        case 0 -> bcrypt(password, random);
        case 1 -> djangoPbkdf2(password, Long.toHexString(random.nextLong()));
        default -> argon2.hash(Password.of(password));
      };
      file.add(ImportedUser.of(id, CREATED).email("user" + i + "@example.com").emailVerified(true)
          .name("User " + i).passwordHash(hash).balance(Credits.ofMicros((i % 5_000 + 1) * 10_000L)));
      passwords.put(id, password);
    }
    log.info("import file: {} users hashed in {} ms", USERS, (System.nanoTime() - start) / 1_000_000);
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void tenThousandUsersMoveInAndLogInWithTheirOldPasswords(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase database = TestDatabase.create(kind);
        JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder(database.url()).maximumPoolSize(8).migrate(true)
            .build())) {
      UserClient client = UserClient.builder().stores(stores)
          .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
          .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
              .auth(AuthConfig.builder().jwtSecret(SECRET).build()).build())
          .build();
      Auth auth = client.auth();

      long start = System.nanoTime();
      List<ImportResult> results = auth.importUsers(file);
      long imported = System.nanoTime();
      assertThat(results).extracting(ImportResult::outcome).containsOnly(ImportResult.Outcome.IMPORTED).hasSize(USERS);

      assertThat(storedRows(database)).as("users, credentials and opening entries as imported")
          .isEqualTo(expectedRows());

      ExecutorService pool = Executors.newFixedThreadPool(LOGIN_THREADS);
      List<Future<Integer>> logins = new ArrayList<>();
      for (int t = 0; t < LOGIN_THREADS; t++) {
        int first = t;
        logins.add(pool.submit(() -> {
          int ok = 0;
          for (int i = first; i < USERS; i += LOGIN_THREADS) {
            ImportedUser user = file.get(i);
            if (auth.login(user.email().orElseThrow().value(), Password.of(passwords.get(user.id()))).userId().equals(user.id())) {
              ok++;
            }
          }
          return ok;
        }));
      }
      int loggedIn = 0;
      for (Future<Integer> done : logins) {
        loggedIn += done.get();
      }
      pool.shutdown();
      long loginsDone = System.nanoTime();
      assertThat(loggedIn).as("every user logs in with the old password").isEqualTo(USERS);
      assertThat(hashFormats(database)).as("every hash upgraded at login").containsOnlyKeys("$argon2id$")
          .containsEntry("$argon2id$", (long) USERS);

      List<ImportResult> again = auth.importUsers(file);
      long reimported = System.nanoTime();
      assertThat(again).extracting(ImportResult::outcome).containsOnly(ImportResult.Outcome.ALREADY_PRESENT);
      assertThat(storedRows(database)).as("nothing changed: no second opening entry, the same balances")
          .isEqualTo(expectedRows());
      log.info("{}: import {} ms, {} logins {} ms, re-import {} ms", kind, (imported - start) / 1_000_000, USERS,
          (loginsDone - imported) / 1_000_000, (reimported - loginsDone) / 1_000_000);
    }
  }

  /** A user as stored: the balance, how many entries and what they add up to, whether a hash is kept. */
  record Row(String email, Instant createdAt, long balance, int entries, long entriesTotal, boolean hasHash) {}

  private static Map<UserId, Row> expectedRows() {
    Map<UserId, Row> rows = new HashMap<>();
    for (ImportedUser user : file) {
      long balance = user.balance().micros();
      rows.put(user.id(), new Row(user.email().orElseThrow().value(), CREATED, balance, 1, balance, true));
    }
    return rows;
  }

  /** Every imported user as stored, read in one query, as an operator checking the move would. */
  private static Map<UserId, Row> storedRows(TestDatabase database) throws SQLException {
    String sql = """
        SELECT u.id, u.email, u.created_at, a.balance,
               (SELECT COUNT(*) FROM usersdk_ledger_entries e WHERE e.user_id = u.id) AS entries,
               (SELECT SUM(e.amount) FROM usersdk_ledger_entries e WHERE e.user_id = u.id) AS total,
               (SELECT COUNT(*) FROM usersdk_credentials c WHERE c.user_id = u.id) AS hashes
        FROM usersdk_users u JOIN usersdk_accounts a ON a.user_id = u.id""";
    Map<UserId, Row> rows = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.put(idOf(rs.getObject(1)), new Row(rs.getString(2),
            rs.getObject(3, Timestamp.class).toInstant(), rs.getLong(4), rs.getInt(5), rs.getLong(6), rs.getInt(7) == 1));
      }
    }
    return rows;
  }

  /** PostgreSQL keeps a UUID, MariaDB its 16 bytes. */
  private static UserId idOf(Object stored) {
    if (stored instanceof UUID uuid) {
      return UserId.of(uuid);
    }
    ByteBuffer bytes = ByteBuffer.wrap((byte[]) stored);
    return UserId.of(new UUID(bytes.getLong(), bytes.getLong()));
  }

  private static Map<String, Long> hashFormats(TestDatabase database) throws SQLException {
    Map<String, Long> formats = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT password_hash FROM usersdk_credentials");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String hash = rs.getString(1);
        formats.merge(hash.substring(0, hash.indexOf('$', 1) + 1), 1L, Long::sum);
      }
    }
    return formats;
  }

  private static String bcrypt(String password, SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 4);
  }

  private static String djangoPbkdf2(String password, String salt) throws Exception {
    byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
        password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), 1000, 256)).getEncoded();
    return "pbkdf2_sha256$1000$" + salt + "$" + Base64.getEncoder().encodeToString(hash);
  }
}
