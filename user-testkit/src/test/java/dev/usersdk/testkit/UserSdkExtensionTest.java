package dev.usersdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStatus;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserSdkExtensionTest {

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class FreshClientPerTest {
    @RegisterExtension
    UserSdkExtension sdk = UserSdkExtension.inMemory();

    @Test
    @Order(1)
    void firstTestCreatesAUser(UserClient client, ManualClock clock) {
      client.users().create(NewUser.email("ann@example.com"));
      clock.advance(Duration.ofHours(1));

      assertThat(client).isSameAs(sdk.client());
      assertThat(client.users().list(UserQuery.all()).items()).hasSize(1);
      assertThat(client.config().environment()).isEqualTo(Environment.DEVELOPMENT);
    }

    @Test
    @Order(2)
    void secondTestStartsEmptyWithAFreshClock(UserClient client, ManualClock clock) {
      assertThat(client.users().list(UserQuery.all()).items()).isEmpty();
      assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    }
  }

  @Nested
  class Configured {
    ManualClock fixed = ManualClock.at(java.time.Instant.parse("2030-05-05T05:05:05Z"));

    @RegisterExtension
    UserSdkExtension sdk = UserSdkExtension.inMemory().withClock(fixed).withConfig(config -> config.requireApproval(true));

    @Test
    void usesTheGivenClockAndConfig() {
      var ann = sdk.client().users().create(NewUser.email("ann@example.com"));

      assertThat(ann.status()).isEqualTo(UserStatus.PENDING);
      assertThat(ann.createdAt()).isEqualTo(fixed.instant());
      assertThat(sdk.clock()).isSameAs(fixed);
    }
  }
}
