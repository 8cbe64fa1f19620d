package dev.usersdk.auth.password;

/**
 * Turns a {@link Password} into a storable, self-describing string and checks a password against
 * such a string. The shape is Spring Security's {@code PasswordEncoder}: two methods and one
 * default.
 *
 * <p>Implementations from {@link PasswordHashers} are immutable and safe for concurrent use. The
 * encoded string names its algorithm and parameters (a PHC string such as {@code
 * $argon2id$v=19$m=19456,t=2,p=1$...}), so a stored hash stays verifiable after the defaults
 * change.
 */
public interface PasswordHasher {

  /**
   * Hashes {@code password} with a fresh random salt; two calls with the same password return
   * different strings.
   *
   * @throws NullPointerException if {@code password} is null
   * @throws dev.usersdk.ValidationException if this algorithm cannot hash the password faithfully
   *     (bcrypt refuses more than 72 UTF-8 bytes rather than truncate)
   */
  String hash(Password password);

  /**
   * Whether {@code password} is the one {@code encoded} was made from. The derived bytes are
   * compared in constant time. Returns {@code false}, never throws, for a malformed, unsupported or
   * {@code null} {@code encoded}, and for parameters too expensive to verify safely.
   *
   * @throws NullPointerException if {@code password} is null
   */
  boolean matches(Password password, String encoded);

  /**
   * Whether {@code encoded} should be replaced by a fresh {@link #hash} the next time the password
   * is known (after a successful login): true when it uses an older algorithm or weaker parameters
   * than this hasher would produce now. Never throws.
   */
  default boolean needsRehash(String encoded) {
    return false;
  }
}
