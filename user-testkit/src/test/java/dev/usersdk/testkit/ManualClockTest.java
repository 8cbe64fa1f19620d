package dev.usersdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void standsStillUntilAdvanced() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));

    assertThat(clock.instant()).isEqualTo(clock.instant()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    clock.advance(Duration.ofMinutes(16));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T00:16:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-01T00:16:00Z").toEpochMilli());
    clock.set(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void refusesToRunBackwards() {
    ManualClock clock = ManualClock.create();

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
  }
}
