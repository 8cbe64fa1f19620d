package dev.usersdk.auth.internal;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ForbiddenException;
import dev.usersdk.ValidationException;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.internal.Audits;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.MfaConfig;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.RecoveryCodes;
import dev.usersdk.auth.SecondFactorEnabledException;
import dev.usersdk.auth.SecondFactorStatus;
import dev.usersdk.auth.SecondFactors;
import dev.usersdk.auth.TotpEnrolment;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SecondFactors}: TOTP enrolment, confirmation and removal, and the recovery codes. Every
 * code is judged by {@link FactorCheck} under the user's TOTP row lock. Not API.
 */
final class SecondFactorService implements SecondFactors {
  private static final Logger log = LoggerFactory.getLogger(SecondFactorService.class);

  /** RFC 4226 asks for at least 128 bits and recommends 160: the length of an HMAC-SHA-1 key. */
  private static final int KEY_BYTES = 20;

  private static final int RECOVERY_CODES = 10;

  /** 80 bits: 16 base-32 characters. */
  private static final int RECOVERY_CODE_BYTES = 10;

  private final Audits audits;
  private final Stores stores;
  private final Clock clock;
  private final Secrets secrets;
  private final MfaConfig config;
  private final Callers callers;
  private final @Nullable SecretBox box;
  private final @Nullable FactorCheck check;

  /**
   * @param box null when no MFA key is configured: every call then refuses to run
   */
  SecondFactorService(
      Stores stores,
      Clock clock,
      Secrets secrets,
      MfaConfig config,
      Callers callers,
      @Nullable SecretBox box,
      Audits audits) {
    this.stores = stores;
    this.audits = audits;
    this.clock = clock;
    this.secrets = secrets;
    this.config = config;
    this.callers = callers;
    this.box = box;
    this.check = box == null ? null : new FactorCheck(box, config);
  }

  @Override
  public TotpEnrolment enrolTotp(UserId userId, String accountName) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(accountName, "accountName");
    if (accountName.isBlank() || accountName.length() > 200 || accountName.contains(":")) {
      throw new ValidationException(
          "accountName", "accountName must be 1 to 200 characters without ':'");
    }
    SecretBox sealer = box();
    byte[] key = secrets.newBytes(KEY_BYTES);
    String sealed = sealer.seal(key, userId.toString());
    Instant now = Timestamps.now(clock);
    stores.inTransaction(
        tx -> {
          if (tx.users().findById(userId).isEmpty()) {
            throw new UserNotFoundException(userId);
          }
          Optional<StoredTotp> current = tx.secondFactors().totpForUpdate(userId);
          if (current.isPresent() && current.get().enabled()) {
            throw new SecondFactorEnabledException();
          }
          tx.secondFactors().saveTotp(StoredTotp.enrolled(userId, sealed, now));
          return null;
        });
    String secret = Base32.encode(key);
    return new TotpEnrolment(secret, uri(secret, accountName));
  }

  @Override
  public RecoveryCodes confirmTotp(UserId userId, String code) {
    Objects.requireNonNull(userId, "userId");
    FactorCheck judge = check();
    if (!FactorCheck.presentable(code)) {
      throw new InvalidCodeException();
    }
    Instant now = Timestamps.now(clock);
    List<String> codes = newRecoveryCodes();
    boolean confirmed =
        stores.inTransaction(
            tx -> {
              Optional<StoredTotp> row = tx.secondFactors().totpForUpdate(userId);
              if (row.isEmpty() || row.get().enabled()) {
                return false;
              }
              if (!judge.judge(tx, row.get(), code, now, false).accepted()) {
                return false; // committed: the failure counts
              }
              tx.secondFactors().replaceRecoveryCodes(userId, hashes(codes), now);
              return true;
            });
    if (!confirmed) {
      throw new InvalidCodeException();
    }
    log.info("user {} turned on a second factor", userId);
    return new RecoveryCodes(codes);
  }

  @Override
  public void disable(UserId userId, String code) {
    Objects.requireNonNull(userId, "userId");
    requireCode(userId, code, (tx, now) -> tx.secondFactors().deleteTotp(userId));
    log.info("user {} turned off the second factor", userId);
  }

  @Override
  public void disableByAdmin(Principal admin, UserId userId) {
    Objects.requireNonNull(userId, "userId");
    callers.requirePermission(admin, Permissions.MFA_RESET);
    if (!admin.admin() && admin.userId().equals(userId)) {
      // A role's reset is for other people's lost phones; one's own factor goes with a code.
      throw new ForbiddenException("turn your own second factor off with a code");
    }
    boolean deleted =
        stores.inTransaction(
            tx -> {
              callers.privileges().requireOver(tx, admin.admin(), userId);
              boolean had =
                  tx.secondFactors().totpForUpdate(userId).isPresent() // the codes' lock order
                      && tx.secondFactors().deleteTotp(userId);
              if (had) {
                audits.record(
                    tx,
                    admin.userId(),
                    userId,
                    AuditAction.MFA_RESET,
                    Map.of("method", "totp"),
                    Timestamps.now(clock));
              }
              return had;
            });
    log.info(
        "admin {} turned off the second factor of user {} (it had one: {})",
        admin.userId(),
        userId,
        deleted);
  }

  @Override
  public RecoveryCodes regenerateRecoveryCodes(UserId userId, String code) {
    Objects.requireNonNull(userId, "userId");
    List<String> codes = newRecoveryCodes();
    requireCode(
        userId,
        code,
        (tx, now) -> {
          tx.secondFactors().replaceRecoveryCodes(userId, hashes(codes), now);
          return true;
        });
    log.info("user {} has new recovery codes", userId);
    return new RecoveryCodes(codes);
  }

  @Override
  public SecondFactorStatus status(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return stores.inTransaction(
        tx -> {
          Optional<StoredTotp> row = tx.secondFactors().totp(userId);
          boolean enabled = row.map(StoredTotp::enabled).orElse(false);
          return new SecondFactorStatus(
              enabled,
              row.flatMap(StoredTotp::confirmedAt),
              row.isPresent() && !enabled,
              enabled ? tx.secondFactors().recoveryCodesLeft(userId) : 0);
        });
  }

  /** Whether sign-ins of this user need a second factor; inside the sign-in's transaction. */
  static boolean required(StoreTransaction tx, UserId userId) {
    return tx.secondFactors().totp(userId).map(StoredTotp::enabled).orElse(false);
  }

  /** The judge of codes; refuses to run without an MFA key. */
  FactorCheck check() {
    if (check == null) {
      throw notConfigured();
    }
    return check;
  }

  private SecretBox box() {
    if (box == null) {
      throw notConfigured();
    }
    return box;
  }

  private static ConfigurationException notConfigured() {
    return new ConfigurationException(
        "second factors need a key to encrypt TOTP keys at rest: set "
            + AuthConfig.MFA_KEY
            + " (32 random bytes, e.g. base64:$(openssl rand -base64 32))");
  }

  /** What a call that weakens the account does once a current code was accepted. */
  @FunctionalInterface
  private interface AfterCode {
    boolean apply(StoreTransaction tx, Instant now);
  }

  /**
   * Runs {@code then} in the transaction that accepted a current code (TOTP or recovery) of the
   * user's enabled second factor; a refused code is committed as a failure and thrown.
   */
  private void requireCode(UserId userId, String code, AfterCode then) {
    FactorCheck judge = check();
    if (!FactorCheck.presentable(code)) {
      throw new InvalidCodeException();
    }
    Instant now = Timestamps.now(clock);
    boolean done =
        stores.inTransaction(
            tx -> {
              Optional<StoredTotp> row = tx.secondFactors().totpForUpdate(userId);
              if (row.isEmpty() || !row.get().enabled()) {
                return false;
              }
              if (!judge.judge(tx, row.get(), code, now, true).accepted()) {
                return false;
              }
              return then.apply(tx, now);
            });
    if (!done) {
      throw new InvalidCodeException();
    }
  }

  private List<String> newRecoveryCodes() {
    List<String> codes = new ArrayList<>(RECOVERY_CODES);
    for (int i = 0; i < RECOVERY_CODES; i++) {
      String plain =
          Base32.encode(secrets.newBytes(RECOVERY_CODE_BYTES)).toLowerCase(java.util.Locale.ROOT);
      codes.add(
          plain.substring(0, 4)
              + "-"
              + plain.substring(4, 8)
              + "-"
              + plain.substring(8, 12)
              + "-"
              + plain.substring(12, 16));
    }
    return codes;
  }

  private static List<String> hashes(List<String> codes) {
    return codes.stream().map(c -> Secrets.tokenHash(FactorCheck.normalized(c))).toList();
  }

  /** The Key URI Format authenticator apps read (Google Authenticator's, followed by the rest). */
  private String uri(String secret, String accountName) {
    String issuer = encode(config.issuer());
    return "otpauth://totp/"
        + issuer
        + ":"
        + encode(accountName)
        + "?secret="
        + secret
        + "&issuer="
        + issuer
        + "&algorithm=SHA1&digits="
        + Totp.DIGITS
        + "&period="
        + Totp.STEP_SECONDS;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
