package dev.usersdk.mirror;

import dev.usersdk.user.User;
import java.time.Instant;
import java.util.Objects;

/**
 * One user as the mirror holds it: the owner's state as of the newest event applied ({@code user},
 * read-only here: it changes only by events), the host's own values beside it, and when the mirror
 * last applied a change to it.
 */
public record MirroredUser(User user, HostValues host, Instant appliedAt) {
  public MirroredUser {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(appliedAt, "appliedAt");
  }
}
