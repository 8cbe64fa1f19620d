package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.testkit.CountingDataSource;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code authenticate} costs one round trip on every database: one statement, no transaction. */
class AuthenticateRoundTripsTest {

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void oneStatementPerAuthenticate(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      CountingDataSource counting = CountingDataSource.wrap(db.dataSource());
      JdbcStores.migrate(db.dataSource());
      try (UserClient client = UserClient.builder()
          .stores(JdbcStores.create(counting.dataSource()))
          .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
          .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build())
          .build()) {
        Password password = Password.of("correct horse battery");
        client.auth().createUser(NewUser.email("ann@example.com"), password);
        Session session = client.auth().login("ann@example.com", password);

        counting.reset();
        for (int i = 0; i < 100; i++) {
          client.auth().authenticate(session.accessToken());
        }

        assertThat(counting.statements()).isEqualTo(100);
        assertThat(counting.commits()).isZero();
        assertThat(counting.autoCommitSwitches()).isZero();
      }
    }
  }
}
