package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DelegatingHasherTest {
  private final PasswordHasher cheapArgon = PasswordHashers.argon2idForTestsOnly(1024, 1);
  private final PasswordHasher hasher = PasswordHashers.delegating(cheapArgon);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "password|$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "password|$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8",
        "abc|$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "Kk4DQuMMfZL9o|$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "password|$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "password|$pbkdf2$1212$OB.dtnSEXZK8U5cgxU/GYQ$y5LKPOplRmok7CZp/aqVDVg8zGI",
        "l\u00e8tmein|pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="
      })
  void verifiesEveryKnownFormatAndWantsToUpgradeIt(String password, String encoded) {
    assertThat(hasher.matches(Password.of(password), encoded)).isTrue();
    assertThat(hasher.matches(Password.of(password + "!"), encoded)).isFalse();
    assertThat(hasher.needsRehash(encoded)).isTrue();
    assertThat(PasswordHashers.defaults().matches(Password.of(password), encoded)).isTrue();
    assertThat(PasswordHashers.defaults().needsRehash(encoded)).isTrue();
  }

  @Test
  void hashesWithThePrimaryAndKeepsItsOwnHashes() {
    Password password = Password.of("correct horse battery staple");
    String encoded = hasher.hash(password);
    assertThat(encoded).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(hasher.matches(password, encoded)).isTrue();
    assertThat(hasher.needsRehash(encoded)).isFalse();
    // the production defaults consider the test-only parameters weak
    assertThat(PasswordHashers.defaults().matches(password, encoded)).isTrue();
    assertThat(PasswordHashers.defaults().needsRehash(encoded)).isTrue();
  }

  @Test
  void defaultsHashWithArgon2idAtTheOwaspMinimum() {
    PasswordHasher defaults = PasswordHashers.defaults();
    Password password = Password.of("correct horse battery staple");
    String encoded = defaults.hash(password);
    assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(defaults.needsRehash(encoded)).isFalse();
    assertThat(defaults.matches(password, encoded)).isTrue();
  }

  @Test
  void unknownOrMissingHashesAreFalseAndNeedRehash() {
    Password password = Password.of("password");
    for (String encoded : new String[] {null, "", "plain", "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E", "{noop}password"}) {
      assertThat(hasher.matches(password, encoded)).as(encoded).isFalse();
      assertThat(hasher.needsRehash(encoded)).as(encoded).isTrue();
    }
  }

  @Test
  void aBcryptPrimaryKeepsBcryptAndUpgradesTheRest() {
    PasswordHasher bcryptFirst = PasswordHashers.delegating(PasswordHashers.bcrypt(10));
    assertThat(bcryptFirst.needsRehash(
            "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"))
        .isFalse();
    assertThat(bcryptFirst.needsRehash(
            "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"))
        .isTrue();
    assertThat(bcryptFirst.needsRehash(cheapArgon.hash(Password.of("x")))).isTrue();
  }

  @Test
  void aForeignPrimaryOwnsEveryFormatTheBuiltInsDoNotClaim() {
    AtomicInteger primaryMatches = new AtomicInteger();
    PasswordHasher plain =
        new PasswordHasher() {
          @Override
          public String hash(Password password) {
            return "{plain}" + password.reveal();
          }

          @Override
          public boolean matches(Password password, String encoded) {
            primaryMatches.incrementAndGet();
            return ("{plain}" + password.reveal()).equals(encoded);
          }
        };
    PasswordHasher delegating = PasswordHashers.delegating(plain);

    assertThat(delegating.hash(Password.of("abc"))).isEqualTo("{plain}abc");
    assertThat(delegating.matches(Password.of("abc"), "{plain}abc")).isTrue();
    assertThat(delegating.needsRehash("{plain}abc")).isFalse();
    assertThat(primaryMatches).hasValue(1);

    String bcrypt = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";
    assertThat(delegating.matches(Password.of("abc"), bcrypt)).isTrue();
    assertThat(delegating.needsRehash(bcrypt)).isTrue();
    assertThat(primaryMatches).hasValue(1);
  }

  @Test
  void aBoundedPrimaryStillOwnsItsFormat() {
    PasswordHasher bounded = PasswordHashers.bounded(cheapArgon, 1, java.time.Duration.ofSeconds(1));
    String encoded = bounded.hash(Password.of("x"));
    assertThat(KnownFormat.recognizedBy(bounded, encoded)).isTrue();
    assertThat(PasswordHashers.delegating(bounded).needsRehash(encoded)).isFalse();
    assertThat(PasswordHashers.delegating(bounded).needsRehash(
            "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"))
        .isTrue();
  }
}
