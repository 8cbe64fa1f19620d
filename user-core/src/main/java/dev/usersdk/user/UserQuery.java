package dev.usersdk.user;

import dev.usersdk.ValidationException;
import dev.usersdk.internal.Cursors;
import dev.usersdk.internal.Text;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A filter and page request for {@link Users#list(UserQuery)} ("user discovery"). Immutable; every
 * method returns a copy. Results are ordered by id, which for usersdk-created ids is creation
 * order.
 *
 * <pre>{@code
 * Page<User> page = users.list(UserQuery.all().status(UserStatus.PENDING).limit(20));
 * Page<User> next = users.list(UserQuery.all().status(UserStatus.PENDING).limit(20).after(page.nextCursor().get()));
 * }</pre>
 */
public final class UserQuery {
  /** Page size used when none is given. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page size accepted. */
  public static final int MAX_LIMIT = 500;

  private final UserStatus status;
  private final String emailPrefix;
  private final Boolean admin;
  private final int limit;
  private final String cursor;

  private UserQuery(
      UserStatus status, String emailPrefix, Boolean admin, int limit, String cursor) {
    this.status = status;
    this.emailPrefix = emailPrefix;
    this.admin = admin;
    this.limit = limit;
    this.cursor = cursor;
  }

  /** All users, first page, {@value #DEFAULT_LIMIT} at a time. */
  public static UserQuery all() {
    return new UserQuery(null, null, null, DEFAULT_LIMIT, null);
  }

  /** Only users with this status. */
  public UserQuery status(UserStatus status) {
    return new UserQuery(
        Objects.requireNonNull(status, "status"), emailPrefix, admin, limit, cursor);
  }

  /** Only users whose canonical email starts with this text (compared case-insensitively). */
  public UserQuery emailPrefix(String prefix) {
    String checked = Text.required("emailPrefix", prefix, 254).toLowerCase(Locale.ROOT);
    return new UserQuery(status, checked, admin, limit, cursor);
  }

  /**
   * Only admins ({@code true}) or only non-admins ({@code false}), as decided by {@link
   * Users#isAdmin(User)}: the stored flag or the configured admin ids.
   */
  public UserQuery admin(boolean admin) {
    return new UserQuery(status, emailPrefix, admin, limit, cursor);
  }

  /** At most this many users per page, 1 to {@value #MAX_LIMIT}. */
  public UserQuery limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ValidationException(
          "limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    return new UserQuery(status, emailPrefix, admin, limit, cursor);
  }

  /**
   * Starts after the page that returned this cursor ({@link dev.usersdk.Page#nextCursor()}); {@code
   * null} starts at the beginning.
   */
  public UserQuery after(@Nullable String cursor) {
    if (cursor != null) {
      Cursors.decode(cursor); // fail here, at the line that passed it
    }
    return new UserQuery(status, emailPrefix, admin, limit, cursor);
  }

  public Optional<UserStatus> status() {
    return Optional.ofNullable(status);
  }

  public Optional<String> emailPrefix() {
    return Optional.ofNullable(emailPrefix);
  }

  public Optional<Boolean> admin() {
    return Optional.ofNullable(admin);
  }

  public int limit() {
    return limit;
  }

  /** The id after which this page starts, decoded from the cursor. */
  public Optional<UserId> afterId() {
    return Optional.ofNullable(cursor).map(Cursors::decode).map(UserId::new);
  }

  @Override
  public String toString() {
    return "UserQuery[status="
        + status
        + ", emailPrefix="
        + emailPrefix
        + ", admin="
        + admin
        + ", limit="
        + limit
        + ", after="
        + cursor
        + "]";
  }
}
