package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ValidationException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BcryptHasherTest {
  /** Cost 4 keeps the suite fast; the public factory refuses anything below 10. */
  private final PasswordHasher cheap = new BcryptHasher(4, new SecureRandom());

  /**
   * Published vectors: $2a$ from the OpenBSD suite via jBCrypt, $2b$ from pyca/bcrypt's tests,
   * $2y$ from PHP's password_verify documentation.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "a|$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe",
        "abc|$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "abcdefghijklmnopqrstuvwxyz|$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC",
        "~!@#$%^&*()      ~!@#$%^&*()PNBFRD|$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO",
        "Kk4DQuMMfZL9o|$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "9IeRXmnGxMYbs|$2b$04$pQ7gRO7e6wx/936oXhNjrOUNOHL1D0h1N2IDbJZYs.1ppzSof6SPy",
        "xVQVbwa1S0M8r|$2b$04$SQe9knOzepOVKoYXo9xTteNYr6MBwVz4tpriJVe3PNgYufGIsgKcW",
        "rasmuslerdorf|$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"
      })
  void verifiesPublishedVectors(String password, String encoded) {
    assertThat(cheap.matches(Password.of(password), encoded)).isTrue();
    assertThat(cheap.matches(Password.of(password + "x"), encoded)).isFalse();
  }

  @Test
  void theThreeVersionPrefixesAreTheSameAlgorithmForShortPasswords() {
    String tail = "06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";
    for (String prefix : new String[] {"$2a$", "$2b$", "$2y$"}) {
      assertThat(cheap.matches(Password.of("abc"), prefix + tail)).as(prefix).isTrue();
    }
    assertThat(cheap.matches(Password.of("abc"), "$2x$" + tail)).isFalse();
  }

  @Test
  void roundTripsAndSalts() {
    Password password = Password.of("correct horse battery staple");
    String first = cheap.hash(password);
    String second = cheap.hash(password);
    assertThat(first).startsWith("$2b$04$").hasSize(60).isNotEqualTo(second);
    assertThat(cheap.matches(password, first)).isTrue();
    assertThat(cheap.matches(password, second)).isTrue();
    assertThat(cheap.matches(Password.of("correct horse battery stapl"), first)).isFalse();
  }

  @Test
  void refusesToHashMoreThanSeventyTwoBytesInsteadOfTruncating() {
    String ascii72 = "a".repeat(72);
    String euro24 = "\u20ac".repeat(24); // 3 bytes each in UTF-8: exactly 72
    assertThatCode(() -> cheap.hash(Password.of(ascii72))).doesNotThrowAnyException();
    assertThat(cheap.matches(Password.of(euro24), cheap.hash(Password.of(euro24)))).isTrue();

    for (String tooLong : new String[] {"a".repeat(73), "\u20ac".repeat(25), "\u20ac".repeat(24) + "b"}) {
      assertThatThrownBy(() -> cheap.hash(Password.of(tooLong)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("72 bytes")
          .hasMessageNotContaining(tooLong)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("password"));
    }
  }

  @Test
  void matchesIsFalseForMoreThanSeventyTwoBytesEvenWhenThePrefixMatches() {
    // OpenBSD vector: implementations that truncate accept the 72-byte prefix and the whole string.
    String encoded = "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui";
    String first72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    assertThat(cheap.matches(Password.of(first72), encoded)).isTrue();
    assertThat(cheap.matches(Password.of(first72 + "chars after 72 are ignored"), encoded))
        .isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "$2b$",
        "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YE",
        "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEmm",
        "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YE!",
        "$2b$04$cVWp4XaNU8a4v1uMRum2S+026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$2b$4a$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$2b$03$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$2b$31$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$2b$99$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$2b$04.cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$2c$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
      })
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void answersFalseQuicklyForMalformedOrAbsurdStrings(String encoded) {
    assertThat(cheap.matches(Password.of("Kk4DQuMMfZL9o"), encoded)).isFalse();
    assertThat(cheap.needsRehash(encoded)).isTrue();
  }

  @Test
  void needsRehashBelowTheCurrentCostOrForAnotherAlgorithm() {
    PasswordHasher cost10 = PasswordHashers.bcrypt(10);
    assertThat(cost10.needsRehash("$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"))
        .isFalse();
    assertThat(cost10.needsRehash("$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"))
        .isTrue();
    assertThat(PasswordHashers.bcrypt().needsRehash(
            "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"))
        .isTrue();
    assertThat(cheap.needsRehash(cheap.hash(Password.of("x")))).isFalse();
  }

  @Test
  void factoriesCheckTheCost() {
    assertThat(((BcryptHasher) PasswordHashers.bcrypt()).cost()).isEqualTo(12);
    assertThatThrownBy(() -> PasswordHashers.bcrypt(9))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bcrypt cost")
        .hasMessageContaining("was 9");
    assertThatThrownBy(() -> PasswordHashers.bcrypt(21))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was 21");
  }
}
