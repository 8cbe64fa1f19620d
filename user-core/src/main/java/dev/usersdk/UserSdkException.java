package dev.usersdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception usersdk throws on purpose. Unchecked, with a stable {@link #code()}
 * that a host maps to its protocol (an HTTP status, a gRPC code, an exit code) without parsing
 * messages.
 *
 * <p>Subclasses are grouped by area: validation and configuration errors here, user errors in
 * {@code dev.usersdk.user}, and so on. Expected outcomes (a duplicate email, a missing user) have
 * their own subclass. Infrastructure failures say what they guarantee about a write: {@link
 * StoreUnavailableException} (and its {@link StoreReadOnlyException}) did not happen, {@link
 * OutcomeUnknownException} may have happened, {@link StoreFailureException} did not happen and will
 * not on a retry; the first two are {@link #retryable()}.
 *
 * <p>Messages never contain secrets (passwords, tokens, codes, links); they may name a field or a
 * configuration key.
 */
public class UserSdkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  protected UserSdkException(String code, String message) {
    this(code, message, null);
  }

  protected UserSdkException(String code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** A stable, lower-snake-case identifier of the failure, e.g. {@code "user_not_found"}. */
  public String code() {
    return code;
  }

  /**
   * Whether the same call may succeed if simply tried again later (a database failover, a pool
   * timeout). {@code false} for everything the caller has to change first.
   */
  public boolean retryable() {
    return false;
  }
}
