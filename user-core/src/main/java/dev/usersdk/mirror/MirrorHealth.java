package dev.usersdk.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a mirror compares with its source, as {@link UserMirror#health()} found it.
 *
 * @param checkedAt when
 * @param freshAsOf the mirror holds every change made up to this time: proven by the last
 *     successful {@link UserMirror#sync} (its start, less the feed's settle time); absent if none
 *     succeeded yet
 * @param lastSync when the last successful sync started
 * @param usersHere live users in the mirror
 * @param usersAtSource live users at the source
 * @param inStep whether both hold the same users at the same versions (counts and checksums equal)
 * @param changesBehind changes the source's feed holds after the mirror's cursor (counted up to
 *     1,000)
 * @param stats what this instance applied
 */
public record MirrorHealth(
    Instant checkedAt,
    @Nullable Instant freshAsOf,
    @Nullable Instant lastSync,
    long usersHere,
    long usersAtSource,
    boolean inStep,
    long changesBehind,
    MirrorStats stats) {
  /** How far behind the mirror may be: {@code checkedAt - freshAsOf}; absent if never synced. */
  public Optional<Duration> lag() {
    return Optional.ofNullable(freshAsOf).map(fresh -> Duration.between(fresh, checkedAt));
  }

  /** Time since the newest event this instance applied was made, if it applied one. */
  public Optional<Duration> sinceNewestEvent() {
    return stats.newestEvent().map(time -> Duration.between(time, checkedAt));
  }
}
