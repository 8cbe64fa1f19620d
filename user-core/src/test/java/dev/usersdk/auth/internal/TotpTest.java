package dev.usersdk.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238 Appendix B, base 32 (RFC 4648 section 10) and the sealing of TOTP keys. */
class TotpTest {
  private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_SEED =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA512_SEED =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "T = {0}")
  @CsvSource({
    "59, 94287082, 46119246, 90693936",
    "1111111109, 07081804, 68084774, 25091201",
    "1111111111, 14050471, 67062674, 99943326",
    "1234567890, 89005924, 91819424, 93441116",
    "2000000000, 69279037, 90698825, 38618901",
    "20000000000, 65353130, 77737706, 47863826"
  })
  void rfc6238TestVectors(long seconds, String sha1, String sha256, String sha512) {
    long step = Totp.stepAt(Instant.ofEpochSecond(seconds));
    assertThat(Totp.code(SHA1_SEED, step, Totp.Algorithm.SHA1, 8)).isEqualTo(sha1);
    assertThat(Totp.code(SHA256_SEED, step, Totp.Algorithm.SHA256, 8)).isEqualTo(sha256);
    assertThat(Totp.code(SHA512_SEED, step, Totp.Algorithm.SHA512, 8)).isEqualTo(sha512);
  }

  @Test
  void sixDigitCodesAreTheLastSixOfTheEight() {
    long step = Totp.stepAt(Instant.ofEpochSecond(59));
    assertThat(Totp.code(SHA1_SEED, step, Totp.Algorithm.SHA1, 6)).isEqualTo("287082");
  }

  @Test
  void aCodeMatchesItsStepOrANeighbourAfterTheLastUsedOne() {
    Instant now = Instant.ofEpochSecond(1_234_567_890);
    long step = Totp.stepAt(now);
    String previous = Totp.code(SHA1_SEED, step - 1, Totp.Algorithm.SHA1, 6);
    String current = Totp.code(SHA1_SEED, step, Totp.Algorithm.SHA1, 6);
    String tooOld = Totp.code(SHA1_SEED, step - 2, Totp.Algorithm.SHA1, 6);

    assertThat(Totp.matchingStep(SHA1_SEED, current, now, -1, Totp.Algorithm.SHA1)).hasValue(step);
    assertThat(Totp.matchingStep(SHA1_SEED, previous, now, -1, Totp.Algorithm.SHA1))
        .hasValue(step - 1);
    assertThat(Totp.matchingStep(SHA1_SEED, tooOld, now, -1, Totp.Algorithm.SHA1)).isEmpty();
    assertThat(Totp.matchingStep(SHA1_SEED, current, now, step, Totp.Algorithm.SHA1))
        .as("used already")
        .isEmpty();
    assertThat(Totp.matchingStep(SHA1_SEED, previous, now, step - 1, Totp.Algorithm.SHA1))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
  void base32AsRfc4648(String text, String encoded) {
    assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
  }

  @Test
  void aSealedKeyOpensForItsOwnerUnderTheCurrentOrARetiredKey() {
    byte[] a = "mfa-key-a-of-exactly-32-bytes!!!".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "mfa-key-b-of-exactly-32-bytes!!!".getBytes(StandardCharsets.US_ASCII);
    SecretBox underA = new SecretBox(List.of(a));
    String sealed = underA.seal(SHA1_SEED, "ann");

    assertThat(sealed).isNotEqualTo(underA.seal(SHA1_SEED, "ann")).as("a fresh nonce each time");
    assertThat(underA.open(sealed, "ann")).isEqualTo(SHA1_SEED);
    assertThatThrownBy(() -> underA.open(sealed, "bob")).isInstanceOf(IllegalStateException.class);

    SecretBox rotated = new SecretBox(List.of(b, a));
    assertThat(rotated.isCurrent(sealed)).isFalse();
    assertThat(rotated.open(sealed, "ann")).isEqualTo(SHA1_SEED);
    assertThat(rotated.isCurrent(rotated.seal(SHA1_SEED, "ann"))).isTrue();
    assertThatThrownBy(() -> new SecretBox(List.of(b)).open(sealed, "ann"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured");
  }
}
