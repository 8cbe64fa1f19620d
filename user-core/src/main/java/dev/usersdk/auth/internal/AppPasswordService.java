package dev.usersdk.auth.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.auth.AppPassword;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.password.Password;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoredAppPassword;
import dev.usersdk.spi.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared app password: one hash and a version. Tokens carry the version they were issued under,
 * so a new password (a new version) ends every earlier token with one comparison.
 */
final class AppPasswordService implements AppPassword {
  private static final Logger log = LoggerFactory.getLogger(AppPasswordService.class);
  private static final String SUBJECT = "app";
  private static final String VERSION_CLAIM = "ver";

  private final Stores stores;
  private final Duration tokenTtl;
  private final Clock clock;
  private final Passwords passwords;
  private final AccessTokens tokens;
  private final Lockouts lockouts;

  /** Judges admins for changing the password (with the second-factor rule where it is on). */
  private final Callers callers;

  AppPasswordService(
      Stores stores,
      Duration tokenTtl,
      Clock clock,
      Passwords passwords,
      AccessTokens tokens,
      Lockouts lockouts,
      Callers callers) {
    this.callers = callers;
    this.stores = stores;
    this.tokenTtl = tokenTtl;
    this.clock = clock;
    this.passwords = passwords;
    this.tokens = tokens;
    this.lockouts = lockouts;
  }

  @Override
  public Status configurationStatus() {
    Optional<StoredAppPassword> stored = stores.read(tx -> tx.auth().appPassword());
    return new Status(stored.isPresent(), stored.map(StoredAppPassword::updatedAt));
  }

  @Override
  public void setPassword(Password password) {
    passwords.requireAcceptable(password);
    String hash = passwords.hash(password);
    Instant now = Timestamps.now(clock);
    stores.inTransaction(
        tx -> {
          if (tx.auth().appPasswordForUpdate().isPresent()) {
            throw new ForbiddenException(
                "the app password is set already; changing it takes an admin");
          }
          tx.auth().saveAppPassword(new StoredAppPassword(hash, 1, now));
          return null;
        });
    log.info("app password set up");
  }

  @Override
  public void setPassword(Password password, Principal admin) {
    Objects.requireNonNull(admin, "admin");
    if (!admin.admin()) {
      throw new ForbiddenException("only admins may change the app password");
    }
    callers.requireAdmin(admin);
    passwords.requireAcceptable(password);
    String hash = passwords.hash(password);
    Instant now = Timestamps.now(clock);
    long version =
        stores.inTransaction(
            tx -> {
              long next =
                  tx.auth().appPasswordForUpdate().map(current -> current.version() + 1).orElse(1L);
              tx.auth().saveAppPassword(new StoredAppPassword(hash, next, now));
              return next;
            });
    log.info(
        "app password changed by {}; tokens of earlier versions end (now version {})",
        admin.userId(),
        version);
  }

  @Override
  public AppSession login(Password password) {
    return login(password, LoginContext.NONE);
  }

  @Override
  public AppSession login(Password password, LoginContext context) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(context, "context");
    if (!Passwords.presentable(password)) {
      throw new InvalidCredentialsException();
    }
    // Refused before hashing: a locked address costs nothing, and its guesses are not checked.
    lockouts.requireAppPasswordAllowed(context, Timestamps.now(clock));
    Optional<StoredAppPassword> stored = stores.read(tx -> tx.auth().appPassword());
    if (stored.isEmpty()) {
      passwords.waste(password);
      throw new InvalidCredentialsException();
    }
    StoredAppPassword current = stored.get();
    if (!passwords.matches(password, current.passwordHash())) {
      lockouts.recordAppPasswordFailure(context, Timestamps.now(clock));
      throw new InvalidCredentialsException();
    }
    String upgraded = passwords.upgrade(password, current.passwordHash());
    if (upgraded != null) {
      stores.inTransaction(
          tx -> {
            tx.auth()
                .appPasswordForUpdate()
                .filter(same -> same.version() == current.version())
                .ifPresent(
                    same ->
                        tx.auth()
                            .saveAppPassword(
                                new StoredAppPassword(upgraded, same.version(), same.updatedAt())));
            return null;
          });
    }
    Instant now = Timestamps.now(clock);
    String token =
        tokens.mint(
            AccessTokens.APP,
            SUBJECT,
            UUID.randomUUID().toString(),
            now,
            tokenTtl,
            Map.of(VERSION_CLAIM, current.version()));
    return new AppSession(token, now.plus(tokenTtl).truncatedTo(ChronoUnit.SECONDS));
  }

  @Override
  public Instant verify(String token) {
    AccessTokens.Claims claims = tokens.verify(token, AccessTokens.APP, clock.instant());
    Object version = claims.extra().get(VERSION_CLAIM);
    if (!SUBJECT.equals(claims.subject()) || !(version instanceof Number number)) {
      throw new InvalidTokenException("token claims not accepted");
    }
    Optional<StoredAppPassword> stored = stores.read(tx -> tx.auth().appPassword());
    if (stored.isEmpty() || stored.get().version() != number.longValue()) {
      throw new InvalidTokenException("the app password changed since the token was issued");
    }
    return claims.expiresAt();
  }
}
