package dev.usersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.HashingConfig;
import dev.usersdk.auth.LockoutConfig;
import dev.usersdk.auth.RegistrationConfig;
import dev.usersdk.auth.ResetConfig;
import dev.usersdk.ledger.Credits;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserSdkConfigTest {
  private static final String ANN = "0190f3a4-5b6c-7d8e-9f00-112233445566";
  private static final String BOB = "0190f3a4-5b6c-7d8e-9f00-665544332211";

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void defaultsAreSafe() {
    assertThatThrownBy(UserSdkConfig::defaults)
        .as("production by default, and production needs a JWT secret for password mode")
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("USER_SDK_JWT_SECRET must be set in production");
    UserSdkConfig config = UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET));

    assertThat(config.environment()).isEqualTo(Environment.PRODUCTION);
    assertThat(config.auth().modes()).containsExactly(AuthMode.PASSWORD);
    assertThat(config.auth().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.auth().maxFailedLogins()).isEqualTo(10);
    assertThat(config.defaultBalance()).isEqualTo(Credits.of("5.00"));
    assertThat(config.adminIds()).isEmpty();
    assertThat(config.requireApproval()).isFalse();
  }

  @Test
  void readsEveryVariable() {
    UserSdkConfig config = UserSdkConfig.fromMap(Map.of(
        "USER_SDK_ENVIRONMENT", "Development",
        "USER_SDK_ADMIN_IDS", " " + ANN + " ,," + BOB,
        "USER_SDK_DEFAULT_BALANCE", "12.5",
        "USER_SDK_REQUIRE_APPROVAL", "TRUE",
        "USER_SDK_DB_URL", "belongs to another module"));

    assertThat(config.environment()).isEqualTo(Environment.DEVELOPMENT);
    assertThat(config.adminIds()).containsExactlyInAnyOrder(UserId.parse(ANN), UserId.parse(BOB));
    assertThat(config.defaultBalance()).isEqualTo(Credits.of("12.50"));
    assertThat(config.requireApproval()).isTrue();
    assertThat(config.toBuilder().build().toString()).isEqualTo(config.toString());
  }

  @Test
  void readsRolesAndRefusesBadNames() {
    UserSdkConfig config = UserSdkConfig.fromMap(Map.of("USER_SDK_ENVIRONMENT", "development",
        "USER_SDK_ROLES", " support = users:approve, sessions:revoke ;; billing=credits:adjust;empty="));
    assertThat(config.roles()).containsExactly(
        Map.entry("support", java.util.Set.of("users:approve", "sessions:revoke")),
        Map.entry("billing", java.util.Set.of("credits:adjust")),
        Map.entry("empty", java.util.Set.of()));
    assertThat(config.toBuilder().build().roles()).isEqualTo(config.roles());
    assertThat(config.toString()).contains("support");

    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_ROLES", "support")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("USER_SDK_ROLES");
    assertThatThrownBy(() -> UserSdkConfig.builder().role("has space", "x"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("has space");
    assertThatThrownBy(() -> UserSdkConfig.builder().role("r".repeat(65), "x"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> UserSdkConfig.builder().role("ok", "a=b"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("a=b");
    assertThatThrownBy(() -> UserSdkConfig.builder().role("ok", (String) null))
        .isInstanceOf(ConfigurationException.class);
    assertThat(UserSdkConfig.builder().role("ok", "p".repeat(128)).environment(Environment.DEVELOPMENT).build()
        .roles()).containsKey("ok");
  }

  @Test
  void blankVariablesKeepTheDefaults() {
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_DEFAULT_BALANCE", "  ", "USER_SDK_JWT_SECRET", SECRET)).defaultBalance())
        .isEqualTo(UserSdkConfig.STANDARD_DEFAULT_BALANCE);
  }

  @Test
  void deductionQueueDefaultsToTenThousandAndIsBounded() {
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET)).deductionQueue()).isEqualTo(10_000);
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_DEDUCTION_QUEUE", "50"))
        .toBuilder().build().deductionQueue()).as("read, and kept by toBuilder").isEqualTo(50);
    for (String bad : new String[] {"0", "1000001", "lots"}) {
      assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_DEDUCTION_QUEUE", bad)))
          .as(bad).isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void deductionBatchIsOnByDefaultAndBounded() {
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET)).deductionBatch()).isEqualTo(256);
    assertThat(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build().deductionBatch()).isEqualTo(256);
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_DEDUCTION_BATCH", "1"))
        .deductionBatch()).as("switched off").isEqualTo(1);
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_DEDUCTION_BATCH", "64"))
        .toBuilder().build().deductionBatch()).as("kept by toBuilder").isEqualTo(64);
    for (String bad : new String[] {"0", "1001", "many"}) {
      assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_DEDUCTION_BATCH", bad)))
          .as(bad).isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void namesTheBadValue() {
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_ENVIRONMENT", "staging")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("USER_SDK_ENVIRONMENT must be 'development' or 'production', was 'staging'");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_ADMIN_IDS", ANN + ",42")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'42'");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_DEFAULT_BALANCE", "1.2345678")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'1.2345678'");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_DEFAULT_BALANCE", "-1")))
        .isInstanceOf(ConfigurationException.class).hasMessage("defaultBalance must not be negative, was -1.00");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_REQUIRE_APPROVAL", "yes")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("was 'yes'");
  }

  @Test
  void checksTheJwtSecretAndTheModesAgainstTheEnvironment() {
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", "too short")))
        .isInstanceOf(ConfigurationException.class).hasMessage("jwtSecret must be at least 32 bytes, was 9")
        .hasMessageNotContaining("too short");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_AUTH_MODE", "none")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("refused in production");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_AUTH_MODE", "password,ldap")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'ldap'");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_ACCESS_TOKEN_TTL", "P31D")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at most 30 days");

    UserSdkConfig development = UserSdkConfig.fromMap(Map.of("USER_SDK_ENVIRONMENT", "development", "USER_SDK_JWT_SECRET", "weak"));
    assertThat(development.auth().jwtSecret()).as("generated for the process").hasValueSatisfying(s -> assertThat(s).hasSize(32));
    assertThat(development.toString()).doesNotContain("weak");

    UserSdkConfig configured = UserSdkConfig.fromMap(Map.of(
        "USER_SDK_JWT_SECRET", "base64:" + java.util.Base64.getEncoder().encodeToString(new byte[48]),
        "USER_SDK_AUTH_MODE", "auth0, password",
        "USER_SDK_ACCESS_TOKEN_TTL", "PT1H",
        "USER_SDK_REFRESH_TOKEN_TTL", "86400",
        "USER_SDK_LEGACY_OWNER_ID", ANN,
        "USER_SDK_RESET_LINK_TEMPLATE", "https://app.example.com/reset/{token}"));
    assertThat(configured.auth().jwtSecret()).hasValueSatisfying(s -> assertThat(s).hasSize(48));
    assertThat(configured.auth().modes()).containsExactly(AuthMode.AUTH0, AuthMode.PASSWORD);
    assertThat(configured.auth().primaryMode()).isEqualTo(AuthMode.AUTH0);
    assertThat(configured.auth().accessTokenTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(configured.auth().refreshTokenTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(configured.auth().legacyOwnerId()).contains(UserId.parse(ANN));
    assertThat(configured.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(new byte[48]));
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET, "USER_SDK_RESET_LINK_TEMPLATE", "https://x/")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("{token}");
  }

  @Test
  void authSettingsComePerConcernAndAreCheckedAtBuild() {
    AuthConfig auth = AuthConfig.builder()
        .lockout(LockoutConfig.defaults().withMaxFailedLogins(5).withMaxLockout(Duration.ofHours(1)))
        .accessTokenTtl(Duration.ofMinutes(10))
        .build();

    assertThat(auth.lockout().maxFailedLogins()).isEqualTo(5);
    assertThat(auth.lockout().maxLockout()).isEqualTo(Duration.ofHours(1));
    assertThat(auth.lockout().firstLockout()).isEqualTo(LockoutConfig.defaults().firstLockout());
    assertThat(auth.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(10)).isEqualTo(auth.accessTokenTtl());
    assertThat(auth.hashing()).isEqualTo(HashingConfig.defaults());
    assertThatThrownBy(() -> AuthConfig.builder().lockout(LockoutConfig.defaults().withMaxLockout(Duration.ofSeconds(1)))
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("maxLockout");
    assertThatThrownBy(() -> AuthConfig.builder().registration(RegistrationConfig.defaults().withMaxCodeAttempts(0))
        .build()).isInstanceOf(ConfigurationException.class).hasMessage("maxCodeAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_AUTH_MODE", " , ")))
        .isInstanceOf(ConfigurationException.class).hasMessage("at least one auth mode must be given");
    assertThatThrownBy(() -> AuthConfig.builder().tokens(null).build())
        .isInstanceOf(ConfigurationException.class).hasMessage("tokens must be set");
    assertThatThrownBy(() -> AuthConfig.builder().reset(ResetConfig.defaults().withLinkTemplate(Optional.of("https://x/")))
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("{token}");
  }

  @Test
  void oneReaderNamesTheVariableAndTheValue() {
    Settings settings = Settings.of(Map.of("A_FLAG", " TRUE ", "A_NUMBER", "x1", "A_LIST", " a, ,b ", "A_TTL", "90",
        "USER_SDK_DB_PASSWORD", " spaced "));

    assertThat(settings.bool("A_FLAG")).contains(true);
    assertThat(settings.list("A_LIST")).containsExactly("a", "b");
    assertThat(settings.duration("A_TTL")).contains(Duration.ofSeconds(90));
    assertThat(settings.secret("USER_SDK_DB_PASSWORD")).contains(" spaced ");
    assertThat(settings.text("MISSING")).isEmpty();
    assertThatThrownBy(() -> settings.integer("A_NUMBER")).isInstanceOf(ConfigurationException.class)
        .hasMessage("A_NUMBER must be a whole number, was 'x1'");
    assertThatThrownBy(() -> settings.required("MISSING", "for this"))
        .isInstanceOf(ConfigurationException.class).hasMessage("MISSING is required for this");
    assertThat(settings.toString()).contains("USER_SDK_DB_PASSWORD").doesNotContain("spaced");
  }

  @Test
  void productionNeedsAConfiguredSecretInEveryMode() {
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_AUTH_MODE", "auth0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("USER_SDK_JWT_SECRET must be set in production");
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_AUTH_MODE", "auth0", "USER_SDK_JWT_SECRET", SECRET))
        .auth().jwtSecret()).hasValueSatisfying(s -> assertThat(s).hasSize(32));
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_AUTH_MODE", "auth0", "USER_SDK_ENVIRONMENT", "development"))
        .auth().jwtSecret()).as("development generates one").isPresent();
  }

  @Test
  void everyDurationHasAnUpperBoundAndNullIsAConfigurationError() {
    assertThatThrownBy(() -> AuthConfig.builder().refreshTokenTtl(Duration.ofDays(366)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("refreshTokenTtl must be at most 365 days");
    assertThatThrownBy(() -> AuthConfig.builder().refreshTokenTtl(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .as("a TTL that would overflow an Instant at login").isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("refreshTokenTtl");
    assertThatThrownBy(() -> AuthConfig.builder().attemptRetention(Duration.ofDays(4000)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("attemptRetention must be at most 3650 days");
    assertThatThrownBy(() -> AuthConfig.builder().resetTokenTtl(Duration.ofDays(8)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("resetTokenTtl");
    assertThatThrownBy(() -> AuthConfig.builder().codeTtl(Duration.ofDays(2)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("codeTtl");
    assertThatThrownBy(() -> AuthConfig.builder().hashingWait(Duration.ofHours(1)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("hashingWait");
    assertThatThrownBy(() -> AuthConfig.builder().maxFailedLogins(1001).build())
        .isInstanceOf(ConfigurationException.class).hasMessage("maxFailedLogins must be at most 1000, was 1001");
    assertThatThrownBy(() -> AuthConfig.builder().clockSkew(null).build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> AuthConfig.builder().modes((AuthMode[]) null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> AuthConfig.builder().modes(AuthMode.PASSWORD, null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> UserSdkConfig.builder().adminId(null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> UserSdkConfig.builder().adminIds(null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> UserSdkConfig.builder().environment(null).build()).isInstanceOf(ConfigurationException.class);
    assertThat(AuthConfig.builder().refreshTokenTtl(Duration.ofDays(365)).build().refreshTokenTtl())
        .isEqualTo(Duration.ofDays(365));
  }

  @Test
  void readsRetiredSigningKeys() {
    String old = "base64:" + java.util.Base64.getEncoder().encodeToString(new byte[40]);
    UserSdkConfig config = UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET,
        "USER_SDK_JWT_PREVIOUS_SECRETS", old + ", " + "another-retired-secret-of-32-bytes!"));

    assertThat(config.auth().previousJwtSecrets()).extracting(k -> k.length).containsExactly(40, 35);
    assertThat(config.toString()).doesNotContain("another-retired").contains("previousJwtSecrets=2");
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET,
        "USER_SDK_JWT_PREVIOUS_SECRETS", "short")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("previousJwtSecrets")
        .hasMessageNotContaining("short");
  }

  @Test
  void readsAnEs256SigningKeyAndRetiredPublicKeys() throws Exception {
    com.nimbusds.jose.jwk.ECKey current =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
    com.nimbusds.jose.jwk.ECKey old =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("old").generate();
    UserSdkConfig config = UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET,
        "USER_SDK_JWT_SIGNING_KEY", current.toJSONString(),
        "USER_SDK_JWT_PREVIOUS_PUBLIC_KEYS", new com.nimbusds.jose.jwk.JWKSet(old.toPublicJWK()).toString()));

    assertThat(config.auth().signingKeys()).hasValueSatisfying(keys ->
        assertThat(keys.previousPublicKeyJwks()).hasSize(1));
    assertThat(config.toString()).contains("ES256").doesNotContain(current.getD().toString());
    assertThatThrownBy(() -> UserSdkConfig.fromMap(Map.of("USER_SDK_JWT_SECRET", SECRET,
        "USER_SDK_JWT_SIGNING_KEY", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("signingKey").hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void clientBuilderNeedsStores() {
    assertThatThrownBy(() -> UserClient.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores must be set")
        .satisfies(e -> assertThat(((UserSdkException) e).code()).isEqualTo("invalid_configuration"));
  }

  @Test
  void onlyInfrastructureFailuresAreRetryable() {
    assertThat(new StoreUnavailableException("down", null).retryable()).isTrue();
    assertThat(new ValidationException("email", "bad").retryable()).isFalse();
    assertThat(new ConcurrentUpdateException("raced").retryable()).isFalse();
  }
}
