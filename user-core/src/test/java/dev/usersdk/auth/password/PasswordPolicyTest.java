package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
  private static final String EMOJI = "\uD83D\uDE00";

  @Test
  void defaultsAllowTwelveToOneHundredTwentyEightCodePoints() {
    PasswordPolicy policy = PasswordPolicy.defaults();
    assertThatCode(() -> policy.check(Password.of("a".repeat(12)))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(Password.of("a".repeat(128)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.check(Password.of("a".repeat(11))))
        .isInstanceOf(WeakPasswordException.class)
        .hasMessage("password must be at least 12 characters");
    assertThatThrownBy(() -> policy.check(Password.of("a".repeat(129))))
        .isInstanceOf(WeakPasswordException.class)
        .hasMessage("password must be at most 128 characters");
  }

  @Test
  void anEmojiCountsAsOneCharacter() {
    PasswordPolicy policy = PasswordPolicy.length(12, 64);
    // 12 emoji are 24 chars but 12 code points; 64 emoji are 128 chars but 64 code points.
    assertThatCode(() -> policy.check(Password.of(EMOJI.repeat(12)))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(Password.of(EMOJI.repeat(64)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.check(Password.of(EMOJI.repeat(11))))
        .isInstanceOf(WeakPasswordException.class);
    assertThatThrownBy(() -> policy.check(Password.of(EMOJI.repeat(65))))
        .isInstanceOf(WeakPasswordException.class);
  }

  @Test
  void refusalIsAValidationErrorOnThePasswordFieldThatNeverQuotesIt() {
    String secret = "hunter2";
    assertThatThrownBy(() -> PasswordPolicy.defaults().check(Password.of(secret)))
        .isInstanceOf(ValidationException.class)
        .hasMessageNotContaining(secret)
        .hasMessageNotContaining("7") // not even its length
        .satisfies(
            e -> {
              WeakPasswordException weak = (WeakPasswordException) e;
              assertThat(weak.field()).isEqualTo("password");
              assertThat(weak.code()).isEqualTo("weak_password");
              assertThat(weak.retryable()).isFalse();
            });
  }

  @Test
  void andRunsTheSecondRuleOnlyWhenTheFirstPasses() {
    List<String> seen = new ArrayList<>();
    PasswordPolicy breached =
        password -> {
          seen.add("breached");
          if (password.reveal().equals("password1234")) {
            throw new WeakPasswordException("password appears in a list of breached passwords");
          }
        };
    PasswordPolicy policy = PasswordPolicy.defaults().and(breached);

    assertThatThrownBy(() -> policy.check(Password.of("short")))
        .isInstanceOf(WeakPasswordException.class)
        .hasMessageContaining("at least 12");
    assertThat(seen).isEmpty();

    assertThatThrownBy(() -> policy.check(Password.of("password1234")))
        .isInstanceOf(WeakPasswordException.class)
        .hasMessageContaining("breached");
    assertThatCode(() -> policy.check(Password.of("a fine passphrase"))).doesNotThrowAnyException();
    assertThat(seen).hasSize(2);
  }

  @Test
  void refusesNonsensicalBounds() {
    assertThatThrownBy(() -> PasswordPolicy.length(0, 10))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> PasswordPolicy.length(12, 11))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was 11");
    assertThatThrownBy(() -> PasswordPolicy.defaults().and(null))
        .isInstanceOf(NullPointerException.class);
  }
}
