package dev.usersdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.VerifiedIdentity;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.Credits;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.UserQuery;
import dev.usersdk.testkit.memory.InMemoryStores;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** What the auto-configuration builds from properties and beans, and when it steps aside. */
class UserSdkAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(UserSdkAutoConfiguration.class))
          .withPropertyValues(
              "usersdk.environment=development",
              "usersdk.jwt.secret=an-hs256-test-secret-of-32-bytes!!");

  /** A servlet application with Spring MVC and Spring Security, usersdk on in-memory stores. */
  private final WebApplicationContextRunner webRunner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  UserSdkAutoConfiguration.class,
                  UserSdkProblemsAutoConfiguration.class,
                  UserSdkWebAutoConfiguration.class,
                  SecurityAutoConfiguration.class,
                  ServletWebSecurityAutoConfiguration.class,
                  DispatcherServletAutoConfiguration.class,
                  WebMvcAutoConfiguration.class))
          .withBean(Stores.class, InMemoryStores::create)
          .withPropertyValues(
              "usersdk.environment=development",
              "usersdk.jwt.secret=an-hs256-test-secret-of-32-bytes!!");

  /** The context did not start, for a configuration error that says all of {@code words}. */
  private static void failsSaying(ApplicationContextAssertProvider<?> context, String... words) {
    assertThat(context).hasFailed();
    assertThat(context.getStartupFailure())
        .rootCause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContainingAll(words);
  }

  private static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:auto_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @Test
  void aClientOnTheApplicationsDataSourceConfiguredByProperties() {
    runner
        .withBean(DataSource.class, UserSdkAutoConfigurationTest::h2)
        .withPropertyValues(
            "usersdk.default-balance=12.50",
            "usersdk.require-approval=true",
            "usersdk.jwt.access-token-ttl=5m",
            "usersdk.roles.support=users:approve,sessions:revoke",
            "usersdk.roles.billing=credits:adjust")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JdbcStores.class).toString()).doesNotContain("own pool");
              UserClient client = context.getBean(UserClient.class);
              assertThat(client.config().defaultBalance()).isEqualTo(Credits.of("12.50"));
              assertThat(client.config().requireApproval()).isTrue();
              assertThat(client.config().auth().accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
              assertThat(client.config().roles())
                  .containsEntry("support", Set.of("users:approve", "sessions:revoke"))
                  .containsEntry("billing", Set.of("credits:adjust"));
              // the tables were brought up to date on start: the client works
              assertThat(client.users().list(UserQuery.all()).items()).isEmpty();
            });
  }

  @Test
  void aPoolOfItsOwnWhenADatabaseUrlIsSet() {
    runner
        .withBean(DataSource.class, UserSdkAutoConfigurationTest::h2)
        .withPropertyValues(
            "usersdk.db.url=jdbc:h2:mem:own_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "usersdk.db.pool-size=2")
        .run(
            context ->
                assertThat(context.getBean(JdbcStores.class).toString()).contains("own pool"));
  }

  @Test
  void withoutADatabaseTheContextFailsSayingWhatIsMissing() {
    runner.run(
        context -> {
          failsSaying(context, "spring.datasource", "usersdk.db.url");
        });
  }

  @Test
  void theApplicationsOwnStoresAndClientReplaceUsersdks() {
    runner
        .withBean(Stores.class, InMemoryStores::create)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(JdbcStores.class);
              assertThat(context.getBean(UserClient.class)).isNotNull();
            });
    UserClient own =
        UserClient.builder()
            .stores(InMemoryStores.create())
            .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build())
            .build();
    runner
        .withBean(UserClient.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBean(UserClient.class)).isSameAs(own);
              assertThat(context).doesNotHaveBean(JdbcStores.class);
            });
    own.close();
  }

  @Test
  void beansOfTheExtensionPointsAndCustomizersAreUsed() {
    Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    Authenticator issuer =
        new Authenticator() {
          @Override
          public AuthMode mode() {
            return AuthMode.AUTH0;
          }

          @Override
          public boolean handles(String token) {
            return false;
          }

          @Override
          public VerifiedIdentity verify(String token) {
            throw new InvalidTokenException("not mine");
          }
        };
    runner
        .withBean(Stores.class, InMemoryStores::create)
        .withBean(Authenticator.class, () -> issuer)
        .withBean(UserClientCustomizer.class, () -> builder -> builder.clock(fixed))
        .withPropertyValues("usersdk.auth-mode=password,auth0")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              UserClient client = context.getBean(UserClient.class);
              assertThat(client.clock()).isSameAs(fixed);
              assertThat(client.config().auth().accepts(AuthMode.AUTH0)).isTrue();
            });
  }

  @Test
  void auth0ModeWithoutAnAuthenticatorBeanIsReadFromTheAuth0Properties() {
    runner
        .withBean(Stores.class, InMemoryStores::create)
        .withPropertyValues("usersdk.auth-mode=auth0")
        .run(
            context -> {
              failsSaying(context, "USER_SDK_AUTH0_DOMAIN");
            });
    runner
        .withBean(Stores.class, InMemoryStores::create)
        .withPropertyValues(
            "usersdk.auth-mode=auth0",
            "usersdk.auth0.domain=tenant.eu.auth0.com",
            "usersdk.auth0.audience=https://api.example.com")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void propertiesWinOverTheEnvironmentAndUnsetOnesKeepIt() {
    UserSdkProperties properties = new UserSdkProperties();
    properties.getJwt().setSecret("from-properties");
    properties.getDb().setRetryBudget(Duration.ofSeconds(3));
    properties.getAuth0().getAudience().add("a");
    properties.getAuth0().getAudience().add("b");
    Map<String, String> settings =
        properties.settings(
            Map.of("USER_SDK_JWT_SECRET", "from-env", "USER_SDK_ADMIN_IDS", "from-env-too"));
    assertThat(settings)
        .containsEntry("USER_SDK_JWT_SECRET", "from-properties")
        .containsEntry("USER_SDK_ADMIN_IDS", "from-env-too")
        .containsEntry("USER_SDK_DB_RETRY_BUDGET_MS", "3000")
        .containsEntry("USER_SDK_AUTH0_AUDIENCE", "a,b")
        .doesNotContainKey("USER_SDK_DB_URL");
    assertThat(properties.toString())
        .contains("USER_SDK_JWT_SECRET")
        .doesNotContain("from-properties");
  }

  @Test
  void problemsCanBeLeftToTheApplication() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(UserSdkProblemsAutoConfiguration.class))
        .withPropertyValues("usersdk.web.problems=false")
        .run(context -> assertThat(context).doesNotHaveBean(ProblemHandler.class));
  }

  @Test
  void theWebHalfStaysOutOfANonWebApplicationAndProblemsNeedOnlyMvc() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                UserSdkProblemsAutoConfiguration.class, UserSdkWebAutoConfiguration.class))
        .withBean(Stores.class, InMemoryStores::create)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ProblemHandler.class);
              assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
            });
    WebApplicationContextRunner web = webRunner;
    web.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ProblemHandler.class);
          assertThat(context).hasBean("usersdkSecurityFilterChain");
          assertThat(context).doesNotHaveBean(UserSdkEndpoints.class); // off unless enabled
        });
    web.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).as("MVC without Spring Security").hasSingleBean(ProblemHandler.class);
              assertThat(context).doesNotHaveBean("usersdkSecurityFilterChain");
            });
  }

  @Test
  void aWildcardOriginIsRefusedAtStart() {
    webRunner
        .withPropertyValues("usersdk.web.allowed-origins=https://*.example.com")
        .run(
            context -> {
              failsSaying(context, "exactly");
            });
  }

  @Test
  void thePropertiesHaveMetadataForIdeCompletion() throws Exception {
    String metadata;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by the configuration processor").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(metadata)
        .contains(
            "\"name\": \"usersdk.jwt.secret\"",
            "\"name\": \"usersdk.db.url\"",
            "\"name\": \"usersdk.web.allowed-origins\"",
            "\"name\": \"usersdk.web.endpoints\"",
            "\"name\": \"usersdk.roles\"",
            "\"name\": \"usersdk.auth0.domain\"")
        .contains("Browser origins allowed to call with credentials");
  }
}
