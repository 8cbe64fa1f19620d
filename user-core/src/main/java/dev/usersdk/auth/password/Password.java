package dev.usersdk.auth.password;

import java.util.Objects;

/**
 * A password as the user typed it: a secret that never prints itself.
 *
 * <p>The value is kept exactly as given, with no stripping, trimming or Unicode normalization:
 * changing it here would silently change the hash of every existing user whose password has leading
 * spaces or a decomposed accent. A host that wants NFC/NFKC normalization (as NIST SP 800-63B
 * suggests) applies it before {@link #of} and must then do so on every path, registration and login
 * alike. Hashers encode the value as UTF-8.
 *
 * <p>{@code of} does not judge the value (an empty password is representable); length and strength
 * rules belong to a {@link PasswordPolicy}. Two instances are never equal by value, so a password
 * cannot leak through a collection lookup or an {@code equals}-based log line; {@link #toString()}
 * is {@code "Password[redacted]"}.
 */
public final class Password {
  private final String value;

  private Password(String value) {
    this.value = value;
  }

  /**
   * Wraps a password.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public static Password of(String value) {
    return new Password(Objects.requireNonNull(value, "password"));
  }

  /**
   * The secret itself, for hashing and verification only. Never log it, put it in a message, or
   * keep it beyond the call that needs it.
   */
  public String reveal() {
    return value;
  }

  /** The length in Unicode code points, so an emoji counts as one character, not two. */
  public int length() {
    return value.codePointCount(0, value.length());
  }

  @Override
  public String toString() {
    return "Password[redacted]";
  }
}
