package dev.usersdk.testkit;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.ConfigurationException;
import dev.usersdk.ForbiddenException;
import dev.usersdk.HttpProblem;
import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreFailureException;
import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserSdkException;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.SecondFactorEnabledException;
import dev.usersdk.auth.SecondFactorRequiredException;
import dev.usersdk.auth.TokenVerifierUnavailableException;
import dev.usersdk.auth.password.PasswordHashingBusyException;
import dev.usersdk.auth.password.WeakPasswordException;
import dev.usersdk.event.EventFormatException;
import dev.usersdk.event.UnknownEventTypeException;
import dev.usersdk.event.WebhookVerificationException;
import dev.usersdk.ledger.AccountBusyException;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyConflictException;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerNotFoundException;
import dev.usersdk.ledger.LedgerStateException;
import dev.usersdk.mirror.MirrorStaleException;
import dev.usersdk.spi.BalanceChangedException;
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStateException;
import dev.usersdk.user.UserStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One instance of every exception type user-core declares, each with the HTTP status it must answer
 * ({@link HttpProblem}): for tests of a web integration's error mapping, over real HTTP. {@link
 * #declaredTypes()} finds the types in user-core's classes, so a new exception type without a
 * sample fails the testkit's own test.
 */
public final class ErrorSamples {
  private ErrorSamples() {}

  /** Every sample and its status, in a stable order. */
  public static Map<UserSdkException, Integer> withStatuses() {
    Map<UserSdkException, Integer> all = new LinkedHashMap<>();
    all.put(new ValidationException("email", "email must be an address"), 422);
    all.put(new WeakPasswordException("too short"), 422);
    all.put(new InvalidCodeException(), 422);
    all.put(new EventFormatException("bad"), 400);
    all.put(new UnknownEventTypeException("user.exploded"), 400);
    all.put(new InvalidCredentialsException(), 401);
    all.put(new InvalidCredentialsException(Duration.ofMinutes(1)), 429);
    all.put(new InvalidTokenException("expired"), 401);
    all.put(new SecondFactorRequiredException("step up"), 401);
    all.put(new WebhookVerificationException("bad signature"), 401);
    all.put(new ForbiddenException("admins only"), 403);
    all.put(new AccountPendingException(), 403);
    all.put(new AccountDisabledException(), 403);
    all.put(new UserNotFoundException(UserId.of(UUID.randomUUID())), 404);
    all.put(new LedgerNotFoundException("hold"), 404);
    all.put(new DuplicateEmailException(), 409);
    all.put(new DuplicateExternalSubjectException(), 409);
    all.put(new ConcurrentUpdateException("changed"), 409);
    all.put(new UserStateException(UserStatus.DISABLED, "disabled"), 409);
    all.put(new InsufficientBalanceException(Credits.of(5), Credits.of(1)), 409);
    all.put(new IdempotencyConflictException(IdempotencyKey.of("k"), "deduct 1", "deduct 2"), 409);
    all.put(new DuplicateIdempotencyKeyException(), 409);
    all.put(new BalanceChangedException(), 409);
    all.put(new LedgerStateException("captured"), 409);
    all.put(new SecondFactorEnabledException(), 409);
    all.put(new AccountBusyException(10_000), 429);
    all.put(new StoreUnavailableException("down", null), 503);
    all.put(new StoreReadOnlyException("read only", null), 503);
    all.put(new OutcomeUnknownException("lost", null), 503);
    all.put(new PasswordHashingBusyException("busy"), 503);
    all.put(new TokenVerifierUnavailableException("jwks down", null), 503);
    all.put(new MirrorStaleException("behind"), 503);
    all.put(new StoreFailureException("broken", null), 500);
    all.put(new ConfigurationException("bad"), 500);
    return Collections.unmodifiableMap(all);
  }

  /** The names of the concrete {@link UserSdkException} subclasses in user-core's classes. */
  public static Set<String> declaredTypes() {
    try {
      Path location =
          Path.of(
              UserSdkException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        return typesUnder(location);
      }
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        return typesUnder(jar.getPath("/"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> typesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .map(root::relativize)
          .map(Path::toString)
          .filter(name -> name.endsWith("Exception.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .filter(ErrorSamples::concreteUserSdkException)
          .collect(Collectors.toSet());
    }
  }

  private static boolean concreteUserSdkException(String name) {
    try {
      Class<?> type = Class.forName(name, false, UserSdkException.class.getClassLoader());
      return UserSdkException.class.isAssignableFrom(type)
          && !Modifier.isAbstract(type.getModifiers())
          && type != UserSdkException.class;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
