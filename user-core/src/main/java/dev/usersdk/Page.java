package dev.usersdk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a cursor-paginated listing. Pass {@link #nextCursor()} to the same query to get the
 * following page; it is empty on the last page. Cursors are opaque and stable: items created after
 * a listing started appear on a later page rather than shifting the ones already returned.
 *
 * @param items the items of this page, in the listing's order; never null
 * @param nextCursor where the next page starts, empty when this is the last page
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  /** Whether there is a page after this one. */
  public boolean hasNext() {
    return nextCursor.isPresent();
  }
}
