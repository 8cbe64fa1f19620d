package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordTest {
  @Test
  void neverPrintsItself() {
    Password password = Password.of("correct horse battery staple");
    assertThat(password).hasToString("Password[redacted]");
    assertThat(String.valueOf(password)).doesNotContain("horse");
  }

  @Test
  void keepsTheValueExactlyAsGiven() {
    assertThat(Password.of("  padded\t").reveal()).isEqualTo("  padded\t");
    // "é" as e + combining acute stays two code points: no normalization.
    assertThat(Password.of("e\u0301").reveal()).isEqualTo("e\u0301");
    assertThat(Password.of("e\u0301").length()).isEqualTo(2);
    assertThat(Password.of("").length()).isZero();
  }

  @Test
  void countsCodePointsNotChars() {
    assertThat(Password.of("\uD83D\uDE00").length()).isEqualTo(1); // one emoji, two chars
    assertThat(Password.of("ab\uD83D\uDE00c").length()).isEqualTo(4);
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> Password.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void isNotEqualByValue() {
    assertThat(Password.of("same")).isNotEqualTo(Password.of("same"));
  }
}
