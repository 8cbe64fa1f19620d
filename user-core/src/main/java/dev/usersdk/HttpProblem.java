package dev.usersdk;

import dev.usersdk.auth.InvalidCredentialsException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A usersdk error as an HTTP answer: the status for its stable {@link UserSdkException#code()} and
 * the members of an RFC 9457 problem document, for any web framework to write out. One table, so
 * every integration (the Spring Boot starter, the Javalin recipe, a host's own) answers the same.
 *
 * <pre>{@code
 * HttpProblem problem = HttpProblem.of(e);
 * response.status(problem.status());
 * problem.retryAfter().ifPresent(wait -> response.header("Retry-After", wait.toSeconds()));
 * }</pre>
 *
 * <p>Statuses: invalid input 422 (a malformed event 400); bad credentials, tokens, codes still
 * wanted and webhook signatures 401; a lockout the host chose to reveal 429; forbidden acts and
 * pending or disabled accounts 403; unknown users and ledger records 404; conflicts with what is
 * stored 409; an account with too many queued callers 429; a store, verifier or hashing pool out of
 * reach and a write whose outcome is unknown 503; anything else 500, whose detail says nothing
 * more.
 */
public final class HttpProblem {
  /** The prefix of every problem's {@code type}: the code follows. */
  public static final String TYPE_PREFIX = "https://usersdk.dev/errors/";

  private final int status;
  private final String code;
  private final String detail;
  private final @Nullable String field;
  private final @Nullable Duration retryAfter;

  private HttpProblem(
      int status,
      String code,
      String detail,
      @Nullable String field,
      @Nullable Duration retryAfter) {
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /** The answer to {@code e}. */
  public static HttpProblem of(UserSdkException e) {
    Objects.requireNonNull(e, "e");
    int status = status(e);
    // The library's messages name fields and states, never a secret; a 500 says nothing more.
    String detail = status == 500 ? "internal error" : String.valueOf(e.getMessage());
    String field = e instanceof ValidationException invalid ? invalid.field() : null;
    return new HttpProblem(status, e.code(), detail, field, retryAfter(e, status));
  }

  private static int status(UserSdkException e) {
    if (e instanceof InvalidCredentialsException locked && locked.retryAfter().isPresent()) {
      return 429; // locked out, and the host chose to say so (LockoutConfig.revealRetryAfter)
    }
    return switch (e.code()) {
      case "validation_failed", "password", "weak_password", "invalid_code" -> 422;
      case "event_malformed" -> 400;
      case "invalid_credentials", "invalid_token", "second_factor_required", "webhook_invalid" ->
          401;
      case "forbidden", "account_pending", "account_disabled" -> 403;
      case "user_not_found", "ledger_record_not_found" -> 404;
      case "duplicate_email",
          "duplicate_external_subject",
          "concurrent_update",
          "invalid_user_state",
          "insufficient_balance",
          "idempotency_conflict",
          "duplicate_idempotency_key",
          "balance_changed",
          "ledger_state_conflict",
          "second_factor_enabled" ->
          409;
      case "account_busy" -> 429; // too many callers already queued on one account: back off
      case "store_unavailable",
          "store_read_only",
          "outcome_unknown",
          "password_hashing_busy",
          "token_verifier_unavailable",
          "mirror_stale" ->
          503;
      default -> 500;
    };
  }

  private static @Nullable Duration retryAfter(UserSdkException e, int status) {
    if (e instanceof InvalidCredentialsException locked) {
      return locked.retryAfter().orElse(null);
    }
    // Worth trying again soon: a moment is the honest hint (the store's own retries are spent).
    return status == 503 || status == 429 ? Duration.ofSeconds(1) : null;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable error code, also the problem's {@code code} member. */
  public String code() {
    return code;
  }

  /** {@code https://usersdk.dev/errors/{code}}. */
  public URI type() {
    return URI.create(TYPE_PREFIX + code);
  }

  /** The code in words: {@code "user not found"}. */
  public String title() {
    return code.replace('_', ' ');
  }

  /** The exception's message (never a secret); {@code "internal error"} for a 500. */
  public String detail() {
    return detail;
  }

  /** The input field a validation error names. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** How long to wait before trying again, for a {@code Retry-After} header. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public String toString() {
    return "HttpProblem[" + status + " " + code + "]";
  }
}
