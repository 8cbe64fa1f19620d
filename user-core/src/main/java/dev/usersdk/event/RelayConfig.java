package dev.usersdk.event;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the relay works: how often it polls when idle, how many deliveries it claims at once per
 * subscription and how many of those it sends at once, how long a claim is leased (a relay that
 * dies mid-delivery frees its claims after the lease), the retry schedule (the delay before each
 * attempt after the first; past its end the delivery is dead), and how long deliveries made are
 * kept.
 *
 * <p>The default schedule is Svix's: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
 */
public record RelayConfig(
    Duration pollInterval,
    int batchSize,
    int concurrency,
    Duration lease,
    List<Duration> retrySchedule,
    Duration retention) {
  public static final List<Duration> SVIX_SCHEDULE =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  public RelayConfig {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(retention, "retention");
    retrySchedule = List.copyOf(retrySchedule);
    if (pollInterval.toMillis() < 1 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new ConfigurationException("pollInterval must be between 1 ms and 1 minute");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new ConfigurationException("batchSize must be between 1 and 10000, was " + batchSize);
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new ConfigurationException("concurrency must be between 1 and 256, was " + concurrency);
    }
    if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigurationException("lease must be between 1 s and 1 h");
    }
    if (retrySchedule.size() > 100
        || retrySchedule.stream()
            .anyMatch(d -> d.isNegative() || d.compareTo(Duration.ofDays(7)) > 0)) {
      throw new ConfigurationException(
          "retrySchedule holds at most 100 delays, each between 0 and 7 days");
    }
    if (retention.isNegative() || retention.compareTo(Duration.ofDays(3650)) > 0) {
      throw new ConfigurationException("retention must be between 0 and 3650 days");
    }
  }

  /**
   * Poll every 200 ms, claim 200 at a time, deliver 8 at once, 60 s leases, Svix's schedule,
   * deliveries made kept 7 days.
   */
  public static RelayConfig defaults() {
    return new RelayConfig(
        Duration.ofMillis(200), 200, 8, Duration.ofSeconds(60), SVIX_SCHEDULE, Duration.ofDays(7));
  }

  public RelayConfig withPollInterval(Duration value) {
    return new RelayConfig(value, batchSize, concurrency, lease, retrySchedule, retention);
  }

  public RelayConfig withBatchSize(int value) {
    return new RelayConfig(pollInterval, value, concurrency, lease, retrySchedule, retention);
  }

  /** How many deliveries of one batch go out at once (each to a different user). */
  public RelayConfig withConcurrency(int value) {
    return new RelayConfig(pollInterval, batchSize, value, lease, retrySchedule, retention);
  }

  public RelayConfig withLease(Duration value) {
    return new RelayConfig(pollInterval, batchSize, concurrency, value, retrySchedule, retention);
  }

  public RelayConfig withRetrySchedule(List<Duration> value) {
    return new RelayConfig(pollInterval, batchSize, concurrency, lease, value, retention);
  }

  public RelayConfig withRetention(Duration value) {
    return new RelayConfig(pollInterval, batchSize, concurrency, lease, retrySchedule, value);
  }
}
