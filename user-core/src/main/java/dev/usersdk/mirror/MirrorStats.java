package dev.usersdk.mirror;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What this mirror instance has applied since it started: user events applied (including older and
 * repeated ones, which change nothing), events it does not keep, events of unknown types, events
 * refused as malformed, and the time of the newest event it applied.
 */
public record MirrorStats(
    long applied,
    long notMirrored,
    long unknownTypes,
    long rejected,
    @Nullable Instant newestEventTime) {
  public Optional<Instant> newestEvent() {
    return Optional.ofNullable(newestEventTime);
  }
}
