package dev.usersdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ledger.Credits;
import dev.usersdk.user.UserId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSdkConfigTest {
  private static final String ANN = "0190f3a4-5b6c-7d8e-9f00-112233445566";
  private static final String BOB = "0190f3a4-5b6c-7d8e-9f00-665544332211";

  @Test
  void defaultsAreSafe() {
    UserSdkConfig config = UserSdkConfig.defaults();

    assertThat(config.environment()).isEqualTo(Environment.PRODUCTION);
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
  void blankVariablesKeepTheDefaults() {
    assertThat(UserSdkConfig.fromMap(Map.of("USER_SDK_DEFAULT_BALANCE", "  ")).defaultBalance())
        .isEqualTo(UserSdkConfig.STANDARD_DEFAULT_BALANCE);
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
