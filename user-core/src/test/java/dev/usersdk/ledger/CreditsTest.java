package dev.usersdk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ValidationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditsTest {
  @Test
  void holdsExactMicroCredits() {
    assertThat(Credits.of("0.25").micros()).isEqualTo(250_000);
    assertThat(Credits.of("5").micros()).isEqualTo(5_000_000);
    assertThat(Credits.of("-1.000001").micros()).isEqualTo(-1_000_001);
    assertThat(Credits.of("0.1").plus(Credits.of("0.2"))).isEqualTo(Credits.of("0.3"));
    assertThat(Credits.of(new BigDecimal("1.500000000"))).isEqualTo(Credits.ofMicros(1_500_000));
    assertThat(Credits.of(3)).isEqualTo(Credits.of("3.00"));
    assertThat(Credits.of("2").negate()).isEqualTo(Credits.of("-2"));
  }

  @Test
  void printsTwoToSixDecimals() {
    assertThat(Credits.of("5")).hasToString("5.00");
    assertThat(Credits.of("0.25")).hasToString("0.25");
    assertThat(Credits.of("0.123456")).hasToString("0.123456");
    assertThat(Credits.of("-7.5")).hasToString("-7.50");
    assertThat(Credits.of("1.5").toBigDecimal()).isEqualByComparingTo("1.5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0000001", "1e3", "abc", "", "1.2.3", "9223372036854.775808", "NaN", "0x10"})
  void refusesWhatItWouldHaveToRoundOrCannotHold(String input) {
    assertThatThrownBy(() -> Credits.of(input))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("amount"));
  }

  @Test
  void refusesOverflowInArithmetic() {
    Credits max = Credits.ofMicros(Long.MAX_VALUE);
    assertThatThrownBy(() -> max.plus(Credits.ofMicros(1))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Credits.ofMicros(Long.MIN_VALUE).negate()).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Credits.of(Long.MAX_VALUE)).isInstanceOf(ValidationException.class);
    assertThat(Credits.of("9223372036854.775807")).isEqualTo(max);
  }
}
