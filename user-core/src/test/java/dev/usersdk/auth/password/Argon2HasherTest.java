package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2HasherTest {
  private static final Password PASSWORD = Password.of("correct horse battery staple");
  private final PasswordHasher cheap = PasswordHashers.argon2idForTestsOnly(1024, 1);

  // From the reference implementation's src/test.c (P-H-C/phc-winner-argon2): password
  // "password", salt "somesalt", 32-byte output.
  private static final String REF_ID_P1 =
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

  @Test
  void roundTrips() {
    String encoded = cheap.hash(PASSWORD);
    assertThat(encoded).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(cheap.matches(PASSWORD, encoded)).isTrue();
    assertThat(cheap.matches(Password.of("\uD83D\uDE00 p\u00e4ss"), cheap.hash(Password.of(
        "\uD83D\uDE00 p\u00e4ss")))).isTrue();
    assertThat(cheap.matches(Password.of(""), cheap.hash(Password.of("")))).isTrue();
  }

  @Test
  void refusesAWrongPassword() {
    String encoded = cheap.hash(PASSWORD);
    assertThat(cheap.matches(Password.of("correct horse battery stapl"), encoded)).isFalse();
    assertThat(cheap.matches(Password.of("correct horse battery staple "), encoded)).isFalse();
    assertThat(cheap.matches(Password.of(""), encoded)).isFalse();
  }

  @Test
  void saltsEveryHash() {
    String first = cheap.hash(PASSWORD);
    String second = cheap.hash(PASSWORD);
    assertThat(first).isNotEqualTo(second);
    assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
    assertThat(cheap.matches(PASSWORD, first)).isTrue();
    assertThat(cheap.matches(PASSWORD, second)).isTrue();
  }

  @Test
  void defaultsWriteTheOwaspParametersAsAStandardPhcString() {
    PasswordHasher hasher = PasswordHashers.argon2id();
    String encoded = hasher.hash(PASSWORD);

    assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    Argon2Hasher.Phc phc = Argon2Hasher.Phc.parse(encoded);
    assertThat(phc.type).isEqualTo(Argon2Parameters.ARGON2_id);
    assertThat(phc.version).isEqualTo(0x13);
    assertThat(phc.memoryKib).isEqualTo(19_456);
    assertThat(phc.iterations).isEqualTo(2);
    assertThat(phc.parallelism).isEqualTo(1);
    assertThat(phc.salt).hasSize(16);
    assertThat(phc.hash).hasSize(32);
    assertThat(hasher.matches(PASSWORD, encoded)).isTrue();
    assertThat(hasher.needsRehash(encoded)).isFalse();
  }

  @Test
  void parsesPhcFields() {
    Argon2Hasher.Phc phc = Argon2Hasher.Phc.parse(REF_ID_P1);
    assertThat(phc.type).isEqualTo(Argon2Parameters.ARGON2_id);
    assertThat(phc.version).isEqualTo(19);
    assertThat(phc.memoryKib).isEqualTo(256);
    assertThat(phc.iterations).isEqualTo(2);
    assertThat(phc.parallelism).isEqualTo(1);
    assertThat(new String(phc.salt, StandardCharsets.US_ASCII)).isEqualTo("somesalt");
    assertThat(HexFormat.of().formatHex(phc.hash))
        .isEqualTo("9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe");

    // v1.0 strings carry no "v=" field.
    Argon2Hasher.Phc old =
        Argon2Hasher.Phc.parse(
            "$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY");
    assertThat(old.type).isEqualTo(Argon2Parameters.ARGON2_i);
    assertThat(old.version).isEqualTo(0x10);
  }

  /**
   * Independent vectors: the reference C implementation's test suite (argon2id, argon2i, v=19
   * and v=16) and argon2-jvm's test against native libargon2 (argon2d).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        REF_ID_P1,
        "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc",
        "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8",
        "$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E",
        "$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY",
        "$argon2d$v=19$m=1024,t=2,p=1$dGhpc2lzdGhlc2FsdA$rkBsbLVYkXDowmxcwZ9qjpLuAbNjIPBXxmD27YvzHzw"
      })
  void verifiesReferenceVectors(String encoded) {
    assertThat(cheap.matches(Password.of("password"), encoded)).isTrue();
    assertThat(cheap.matches(Password.of("passwore"), encoded)).isFalse();
    assertThat(PasswordHashers.argon2id().matches(Password.of("password"), encoded)).isTrue();
  }

  /** RFC 9106 section 5 test vectors (they use a secret and associated data, so the raw function). */
  @ParameterizedTest
  @CsvSource({
    "0, 512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
    "1, c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
    "2, 0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
  })
  void matchesRfc9106Vectors(int type, String tagHex) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(type)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(32)
            .withIterations(3)
            .withParallelism(4)
            .withSalt(filled(16, 0x02))
            .withSecret(filled(8, 0x03))
            .withAdditional(filled(12, 0x04))
            .build();
    byte[] tag = Argon2Hasher.derive(params, filled(32, 0x01), 32);
    assertThat(HexFormat.of().formatHex(tag)).isEqualTo(tagHex);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "$argon2id$",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4$",
        "$argon2id$v=19$m=256,t=2,p=1c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29t*XNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=20$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$t=2,m=256,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=0256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=-256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1,keyid=x$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=0$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        // absurd costs: refused before any allocation
        "$argon2id$v=19$m=2147483648,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=2147483647,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=99999999999999999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=1048577,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=4294967295,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=65,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=1048576,t=2,p=16777215$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2x$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$ARGON2ID$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        " $argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"
      })
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void answersFalseQuicklyForMalformedOrAbsurdStrings(String encoded) {
    assertThat(cheap.matches(Password.of("password"), encoded)).isFalse();
    assertThat(cheap.needsRehash(encoded)).isTrue();
  }

  @Test
  void refusesAnOverlongEncodingWithoutParsingIt() {
    String huge = "$argon2id$v=19$m=256,t=2,p=1$" + "A".repeat(100_000) + "$" + "A".repeat(43);
    assertThat(cheap.matches(PASSWORD, huge)).isFalse();
  }

  @Test
  void needsRehashWhenWeakerOrAnotherAlgorithm() {
    PasswordHasher current = PasswordHashers.argon2id();
    String salt = Base64.getEncoder().withoutPadding().encodeToString(filled(16, 7));
    String hash = Base64.getEncoder().withoutPadding().encodeToString(filled(32, 9));
    String tail = "$" + salt + "$" + hash;

    assertThat(current.needsRehash("$argon2id$v=19$m=19456,t=2,p=1" + tail)).isFalse();
    assertThat(current.needsRehash("$argon2id$v=19$m=65536,t=3,p=4" + tail)).isFalse();
    assertThat(current.needsRehash("$argon2id$v=19$m=19455,t=2,p=1" + tail)).isTrue();
    assertThat(current.needsRehash("$argon2id$v=19$m=65536,t=1,p=1" + tail)).isTrue();
    assertThat(current.needsRehash("$argon2i$v=19$m=65536,t=3,p=1" + tail)).isTrue();
    assertThat(current.needsRehash("$argon2d$v=19$m=65536,t=3,p=1" + tail)).isTrue();
    assertThat(current.needsRehash("$argon2id$m=65536,t=3,p=1" + tail)).isTrue(); // v=16
    assertThat(current.needsRehash(REF_ID_P1)).isTrue(); // m=256 and an 8-byte salt
    assertThat(current.needsRehash(cheap.hash(PASSWORD))).isTrue();
    assertThat(current.needsRehash("$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"))
        .isTrue();
    assertThat(current.needsRehash("$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ"))
        .isTrue();
    assertThat(current.needsRehash(null)).isTrue();

    PasswordHasher stronger = PasswordHashers.argon2id(65_536, 3, 4);
    assertThat(stronger.needsRehash("$argon2id$v=19$m=65536,t=3,p=4" + tail)).isFalse();
    assertThat(stronger.needsRehash("$argon2id$v=19$m=65536,t=3,p=2" + tail)).isTrue();
    assertThat(cheap.needsRehash(cheap.hash(PASSWORD))).isFalse();
  }

  @Test
  void refusesParametersBelowTheOwaspMinimumAndNamesTheValue() {
    assertThatThrownBy(() -> PasswordHashers.argon2id(19_455, 2, 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("memoryKib")
        .hasMessageContaining("19455");
    assertThatThrownBy(() -> PasswordHashers.argon2id(19_456, 1, 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("iterations")
        .hasMessageContaining("was 1");
    assertThatThrownBy(() -> PasswordHashers.argon2id(19_456, 2, 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("parallelism")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> PasswordHashers.argon2id(Integer.MAX_VALUE, 2, 1))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> PasswordHashers.argon2idForTestsOnly(4, 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was 4");
    assertThatThrownBy(() -> PasswordHashers.argon2idForTestsOnly(1024, 0))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void refusesNullPassword() {
    assertThatThrownBy(() -> cheap.hash(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cheap.matches(null, REF_ID_P1))
        .isInstanceOf(NullPointerException.class);
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
