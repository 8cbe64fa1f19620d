package dev.usersdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.ConfigurationException;
import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.ledger.AccountBusyException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The samples cover user-core, and {@link HttpProblem} answers each with its status. */
class ErrorSamplesTest {
  @Test
  void everyExceptionTypeUserCoreDeclaresHasASample() {
    Set<String> covered =
        ErrorSamples.withStatuses().keySet().stream()
            .map(e -> e.getClass().getName())
            .collect(Collectors.toSet());
    Set<String> declared = ErrorSamples.declaredTypes();
    assertThat(declared)
        .as("the scan finds the types")
        .hasSizeGreaterThan(25)
        .contains(AccountBusyException.class.getName());
    assertThat(covered).containsAll(declared);
  }

  @Test
  void everySampleAnswersItsStatus() {
    ErrorSamples.withStatuses()
        .forEach(
            (e, status) ->
                assertThat(HttpProblem.of(e).status())
                    .as(e.getClass().getSimpleName() + " " + e.code())
                    .isEqualTo(status));
  }

  @Test
  void theProblemCarriesTheCodeTheFieldAndAWaitWhereOneHelps() {
    HttpProblem invalid = HttpProblem.of(new ValidationException("phone", "phone is too long"));
    assertThat(invalid.type()).hasToString("https://usersdk.dev/errors/validation_failed");
    assertThat(invalid.title()).isEqualTo("validation failed");
    assertThat(invalid.detail()).isEqualTo("phone is too long");
    assertThat(invalid.field()).contains("phone");
    assertThat(invalid.retryAfter()).isEmpty();

    assertThat(HttpProblem.of(new InvalidCredentialsException(Duration.ofSeconds(90))).retryAfter())
        .contains(Duration.ofSeconds(90));
    assertThat(HttpProblem.of(new InvalidCredentialsException()).retryAfter()).isEmpty();
    assertThat(HttpProblem.of(new AccountBusyException(5)).retryAfter())
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void aServerErrorSaysNothingMoreThanThat() {
    UserSdkException broken = new ConfigurationException("USER_SDK_DB_URL names host db.internal");
    HttpProblem problem = HttpProblem.of(broken);
    assertThat(problem.status()).isEqualTo(500);
    assertThat(problem.detail()).isEqualTo("internal error");
  }
}
