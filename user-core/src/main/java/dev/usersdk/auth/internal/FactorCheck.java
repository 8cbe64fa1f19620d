package dev.usersdk.auth.internal;

import dev.usersdk.auth.MfaConfig;
import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredTotp;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges a code presented as a user's second factor: a TOTP code or, where allowed, a recovery
 * code. Runs inside the caller's transaction on the user's locked TOTP row, so concurrent codes are
 * judged one after another: a TOTP step is accepted once (the row remembers the last), a recovery
 * code once (its row is marked used), and failures are counted exactly, a cooldown starting at the
 * configured count. Codes are never logged. Not API.
 */
final class FactorCheck {
  private static final Logger log = LoggerFactory.getLogger(FactorCheck.class);

  private static final Pattern TOTP_CODE = Pattern.compile("[0-9]{" + Totp.DIGITS + "}");

  /** A recovery code without its dashes: 16 base-32 characters, 80 bits. */
  private static final Pattern RECOVERY_CODE = Pattern.compile("[a-z2-7]{16}");

  /** How a code was judged. */
  enum Verdict {
    TOTP,
    RECOVERY_CODE,
    REFUSED;

    boolean accepted() {
      return this != REFUSED;
    }
  }

  private final SecretBox box;
  private final MfaConfig config;

  FactorCheck(SecretBox box, MfaConfig config) {
    this.box = box;
    this.config = config;
  }

  /**
   * Judges {@code code} against {@code row}, which the caller read with {@code totpForUpdate} in
   * {@code tx}, and writes the outcome to the row: a confirmed enrolment or a newer last step, a
   * used recovery code, or one more failure. The caller must commit also when the code is refused,
   * or the failure would not count.
   *
   * @param recoveryAllowed whether a recovery code may stand in for the TOTP code
   */
  Verdict judge(
      StoreTransaction tx, StoredTotp row, String code, Instant now, boolean recoveryAllowed) {
    SecondFactorStore store = tx.secondFactors();
    if (row.blockedAt(now)) {
      return Verdict.REFUSED; // in a cooldown every code is refused, and none counts
    }
    String presented = normalized(code);
    if (TOTP_CODE.matcher(presented).matches()) {
      String owner = row.userId().toString();
      byte[] key = box.open(row.sealedSecret(), owner);
      OptionalLong step =
          Totp.matchingStep(key, presented, now, row.lastUsedStep(), Totp.Algorithm.SHA1);
      if (step.isPresent()) {
        StoredTotp next =
            row.enabled()
                ? row.accepted(step.getAsLong(), now)
                : row.confirmed(step.getAsLong(), now);
        if (!box.isCurrent(row.sealedSecret())) { // sealed under a retired key: reseal
          next = next.resealed(box.seal(key, owner), now);
        }
        store.saveTotp(next);
        return Verdict.TOTP;
      }
    } else if (recoveryAllowed
        && row.enabled()
        && RECOVERY_CODE.matcher(presented).matches()
        && store.useRecoveryCode(row.userId(), Secrets.tokenHash(presented), now)) {
      store.saveTotp(row.accepted(row.lastUsedStep(), now));
      log.info("user {} signed in with a recovery code", row.userId());
      return Verdict.RECOVERY_CODE;
    }
    StoredTotp failed = row.failed(config.maxFailures(), now.plus(config.cooldown()), now);
    store.saveTotp(failed);
    if (failed.blockedAt(now)) {
      log.warn(
          "second factor of user {} refused until {} after {} wrong codes",
          row.userId(),
          failed.blockedUntil().orElseThrow(),
          config.maxFailures());
    }
    return Verdict.REFUSED;
  }

  /** A recovery code as stored (hashed): without dashes or spaces, lower case. */
  static String normalized(String code) {
    return code.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
  }

  /** Whether a presented value could be a code at all: anything longer is refused unread. */
  static boolean presentable(String code) {
    return code != null && code.length() <= 64;
  }
}
