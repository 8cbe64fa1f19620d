package dev.usersdk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so expiry and lockout windows are tested
 * without sleeping: {@code clock.advance(Duration.ofMinutes(16))}. Thread-safe; always UTC.
 */
public final class ManualClock extends Clock {
  /** Where a clock starts when no instant is given: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  private ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** A clock at {@link #DEFAULT_START}. */
  public static ManualClock create() {
    return new ManualClock(DEFAULT_START);
  }

  public static ManualClock at(Instant start) {
    return new ManualClock(start);
  }

  /** Moves the clock forward; a negative duration is refused (time does not run backwards). */
  public ManualClock advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    now.updateAndGet(instant -> instant.plus(duration));
    return this;
  }

  /** Sets the clock to an instant, earlier or later. */
  public ManualClock set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("ManualClock is always UTC");
    }
    return this;
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
