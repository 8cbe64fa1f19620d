package dev.usersdk.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How usersdk reads the clock. Not API. */
public final class Timestamps {
  private Timestamps() {}

  /** Now, to the microsecond: the finest precision all supported databases store. */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
