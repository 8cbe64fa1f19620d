package dev.usersdk.mirror;

import dev.usersdk.user.ChangePage;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserSummary;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link UserMirror} reads the owning service, for what events cannot do alone: catching up
 * after an outage ({@link UserMirror#sync}), a full repair ({@link UserMirror#resync}), fetching a
 * user whose events have not arrived ({@link UserMirror#getOrSync}) and comparing both sides
 * ({@link UserMirror#health}). The owner's side of each method is in {@link
 * dev.usersdk.user.Users}; a host exposes those (over HTTP, say) and implements this over them. The
 * testkit has one wired to a {@code UserClient} directly.
 */
public interface UserSource {
  /** {@link dev.usersdk.user.Users#changes}. */
  ChangePage changes(@Nullable String cursor, int limit);

  /** {@link dev.usersdk.user.Users#find}. */
  Optional<User> find(UserId userId);

  /** {@link dev.usersdk.user.Users#summary}. */
  UserSummary summary();
}
