package dev.usersdk.auth.password;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets at most a fixed number of hash/verify calls run at once. Argon2id at the defaults allocates
 * 19 MiB per call; without a bound, a login flood multiplies that until the heap is gone. Callers
 * past the bound queue fairly and give up after {@code maxWait}.
 */
final class BoundedHasher implements PasswordHasher, KnownFormat {
  private final PasswordHasher delegate;
  private final Semaphore permits;
  private final long maxWaitNanos;

  BoundedHasher(PasswordHasher delegate, int maxConcurrent, Duration maxWait) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.permits = new Semaphore(maxConcurrent, true);
    this.maxWaitNanos = saturatedNanos(maxWait);
  }

  @Override
  public String hash(Password password) {
    Objects.requireNonNull(password, "password");
    acquire();
    try {
      return delegate.hash(password);
    } finally {
      permits.release();
    }
  }

  @Override
  public boolean matches(Password password, String encoded) {
    Objects.requireNonNull(password, "password");
    acquire();
    try {
      return delegate.matches(password, encoded);
    } finally {
      permits.release();
    }
  }

  /** Not bounded: it parses a string and hashes nothing. */
  @Override
  public boolean needsRehash(String encoded) {
    return delegate.needsRehash(encoded);
  }

  @Override
  public boolean recognizes(String encoded) {
    return KnownFormat.recognizedBy(delegate, encoded);
  }

  private void acquire() {
    try {
      // The timed tryAcquire honours fairness; the untimed one would barge past the queue.
      if (!permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
        throw new PasswordHashingBusyException(
            "password hashing is at capacity; try again shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PasswordHashingBusyException(
          "interrupted while waiting for a password hashing slot", e);
    }
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
