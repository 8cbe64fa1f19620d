package dev.usersdk.auth.password;

import java.util.Objects;

/**
 * A rule a new password must pass before it is hashed (registration, reset, change); not applied at
 * login, where the stored hash is the only judge.
 *
 * <p>{@link #check} throws {@link WeakPasswordException} when the password is refused and returns
 * normally otherwise. Implementations must be cheap to call before hashing and must never put the
 * password in a message or a log. Chain a host's own rule (a breached-password lookup, say) with
 * {@link #and}:
 *
 * <pre>{@code
 * PasswordPolicy policy = PasswordPolicy.defaults().and(breachedPasswords::check);
 * }</pre>
 */
@FunctionalInterface
public interface PasswordPolicy {

  /**
   * Refuses {@code password} if it breaks the rule.
   *
   * @throws WeakPasswordException if the password is refused
   * @throws NullPointerException if {@code password} is null
   */
  void check(Password password);

  /**
   * This rule, then {@code other}: the second runs only when the first passes, so put cheap rules
   * first and remote lookups last.
   */
  default PasswordPolicy and(PasswordPolicy other) {
    Objects.requireNonNull(other, "other");
    PasswordPolicy first = this;
    return password -> {
      first.check(password);
      other.check(password);
    };
  }

  /**
   * Between {@code min} and {@code max} Unicode code points inclusive (an emoji counts as one). The
   * upper bound is what lets a host refuse a megabyte "password" before spending a hash on it.
   *
   * @throws dev.usersdk.ConfigurationException if {@code min < 1} or {@code max < min}
   */
  static PasswordPolicy length(int min, int max) {
    return new LengthPolicy(min, max);
  }

  /** At least 12 and at most 128 code points (OWASP / NIST SP 800-63B guidance). */
  static PasswordPolicy defaults() {
    return length(12, 128);
  }
}
