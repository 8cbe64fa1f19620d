package dev.usersdk.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {
  @Test
  void trimsAndLowerCasesIntoOneCanonicalForm() {
    assertThat(Email.of("  Ann.Lee+News@Example.COM \t").value()).isEqualTo("ann.lee+news@example.com");
    assertThat(Email.of("ANN@example.com")).isEqualTo(Email.of("ann@EXAMPLE.com"));
    assertThat(new Email("Ann@Example.com")).isEqualTo(Email.of("ann@example.com"));
  }

  @Test
  void keepsInternationalAddressesComparable() {
    Email unicodeDomain = Email.of("José@Bücher.example");
    assertThat(unicodeDomain.value()).isEqualTo("josé@xn--bcher-kva.example");
    assertThat(unicodeDomain).isEqualTo(Email.of("JOSÉ@xn--bcher-kva.example"));
    // NFC and NFD spellings of the same name are one address.
    assertThat(Email.of("jose\u0301@example.com")).isEqualTo(Email.of("josé@example.com"));
    assertThat(unicodeDomain.localPart()).isEqualTo("josé");
    assertThat(unicodeDomain.domain()).isEqualTo("xn--bcher-kva.example");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      " ", "plain", "@example.com", "ann@", "ann@@example.com", "ann@exa@mple.com", "ann@localhost",
      "ann@example..com", "ann@-example.com", "ann@example-.com", ".ann@example.com", "ann.@example.com",
      "an..n@example.com", "ann lee@example.com", "ann@exam ple.com", "\"ann\"@example.com", "ann@[127.0.0.1]",
      "ann@127.0.0.1", "ann\n@example.com", "ann@example.com\u0000", "a<b>@example.com"})
  void refusesWhatIsNotAnAddress(String input) {
    assertThatThrownBy(() -> Email.of(input))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("email"));
  }

  @Test
  void enforcesTheLengthLimitsWithoutEchoingTheInput() {
    String local64 = "a".repeat(64);
    assertThat(Email.of(local64 + "@example.com").localPart()).hasSize(64);
    assertThatThrownBy(() -> Email.of("a".repeat(65) + "@example.com")).isInstanceOf(ValidationException.class);

    String longDomain = ("d".repeat(60) + ".").repeat(4) + "com"; // 247 characters
    assertThatThrownBy(() -> Email.of("abcdefg@" + longDomain))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at most 254")
        .hasMessageNotContaining("abcdefg");
  }
}
