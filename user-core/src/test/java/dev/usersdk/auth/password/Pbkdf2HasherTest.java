package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Pbkdf2HasherTest {
  private final PasswordHasher cheap = new Pbkdf2Hasher(1_000, new SecureRandom());

  /**
   * passlib's own test vectors (test_handlers_pbkdf2.py), each re-checked with Python's
   * hashlib.pbkdf2_hmac; the last passlib-format line and the Django lines were computed with
   * hashlib.pbkdf2_hmac and formatted by hand (Django: salt is the text itself, hash is padded
   * standard base64).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "password|$pbkdf2$1212$OB.dtnSEXZK8U5cgxU/GYQ$y5LKPOplRmok7CZp/aqVDVg8zGI",
        "password|$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "\u0399\u03c9\u03b1\u03bd\u03bd\u03b7\u03c2|$pbkdf2-sha256$1212$3SABFJGDtyhrQMVt1uABPw$WyaUoqCLgvz97s523nF4iuOqZNbp5Nt8do/cuaa7AiI",
        "password|$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww",
        "p\u00e4ssw\u00f6rd\uD83D\uDE00|$pbkdf2-sha256$2000$..................../w$ewPTlDgJDSUIx5cohnDt/Y3ElmsbOHDgRPzDHvQGiEc",
        "correct horse battery staple|$pbkdf2$1000$AAECAwQFBgcICQoLDA0ODw$AOm/kOb/.YAZ3ZwSogYgNu9fO1g",
        "l\u00e8tmein|pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "correct horse battery staple|pbkdf2_sha256$10000$seasalt2$h1gdfbMb7q0UWIbv++2zIEW5jymm8PinrGwlZCjNQFs=",
        "password|pbkdf2_sha1$1000$saltsalt$6f6/9Uv85mj94wGsyFVjzJ3HHvY="
      })
  void verifiesPasslibAndDjangoVectors(String password, String encoded) {
    assertThat(cheap.matches(Password.of(password), encoded)).isTrue();
    assertThat(cheap.matches(Password.of(password + " "), encoded)).isFalse();
  }

  @Test
  void roundTripsInPasslibFormat() {
    Password password = Password.of("correct horse battery staple");
    String first = cheap.hash(password);
    String second = cheap.hash(password);
    assertThat(first)
        .matches("\\$pbkdf2-sha256\\$1000\\$[A-Za-z0-9./]{22}\\$[A-Za-z0-9./]{43}")
        .isNotEqualTo(second);
    assertThat(cheap.matches(password, first)).isTrue();
    assertThat(cheap.matches(Password.of("Correct horse battery staple"), first)).isFalse();
  }

  @Test
  void defaultsUseSixHundredThousandIterations() {
    PasswordHasher hasher = PasswordHashers.pbkdf2();
    Password password = Password.of("correct horse battery staple");
    String encoded = hasher.hash(password);
    assertThat(encoded).startsWith("$pbkdf2-sha256$600000$");
    assertThat(hasher.matches(password, encoded)).isTrue();
    assertThat(hasher.needsRehash(encoded)).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "$pbkdf2-sha256$",
        "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw",
        "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$",
        "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg",
        "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ$",
        "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg+fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ=",
        "$pbkdf2-sha256$1212$$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha256$0$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha256$01212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha256$-1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha256$10000001$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha256$2147483648$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "$pbkdf2-sha384$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A==",
        "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkL.TdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$1000$$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$99999999999$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha512$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=$"
      })
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void answersFalseQuicklyForMalformedOrAbsurdStrings(String encoded) {
    assertThat(cheap.matches(Password.of("password"), encoded)).isFalse();
    assertThat(cheap.needsRehash(encoded)).isTrue();
  }

  @Test
  void needsRehashForFewerIterationsOrAnotherFormat() {
    PasswordHasher current = PasswordHashers.pbkdf2();
    String salt = "AAECAwQFBgcICQoLDA0ODw";
    String hash = "ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4";
    assertThat(current.needsRehash("$pbkdf2-sha256$600000$" + salt + "$" + hash)).isFalse();
    assertThat(current.needsRehash("$pbkdf2-sha256$700000$" + salt + "$" + hash)).isFalse();
    assertThat(current.needsRehash("$pbkdf2-sha256$599999$" + salt + "$" + hash)).isTrue();
    assertThat(current.needsRehash(
            "$pbkdf2-sha512$600000$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww"))
        .isTrue();
    assertThat(current.needsRehash(
            "pbkdf2_sha256$870000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="))
        .isTrue();
    assertThat(current.needsRehash("$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"))
        .isTrue();
  }
}
