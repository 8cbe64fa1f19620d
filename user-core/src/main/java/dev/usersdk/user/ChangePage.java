package dev.usersdk.user;

import java.util.List;
import java.util.Objects;

/**
 * A page of the change feed. {@code cursor} is where the next call resumes — always present, also
 * on the last page, so a consumer keeps it between calls; {@code more} says whether more changes
 * were waiting when this page was read (ask again at once) or the feed was caught up.
 */
public record ChangePage(List<UserChange> changes, String cursor, boolean more) {
  public ChangePage {
    changes = List.copyOf(changes);
    Objects.requireNonNull(cursor, "cursor");
  }
}
