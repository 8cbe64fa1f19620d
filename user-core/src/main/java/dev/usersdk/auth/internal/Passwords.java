package dev.usersdk.auth.internal;

import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.auth.password.PasswordPolicy;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The password rules and the hasher, as every flow that takes a password uses them. */
final class Passwords {
  /**
   * Longer passwords are refused at login before hashing. Far above any policy's maximum (so no
   * stored password is locked out), low enough that a flood of huge inputs costs nothing.
   */
  static final int MAX_PRESENTED_LENGTH = 1024;

  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final DecoyHash decoy;

  Passwords(PasswordHasher hasher, PasswordPolicy policy) {
    this.hasher = hasher;
    this.policy = policy;
    this.decoy = new DecoyHash(hasher);
  }

  /**
   * @throws dev.usersdk.auth.password.WeakPasswordException if the policy refuses a new password
   */
  void requireAcceptable(Password password) {
    Objects.requireNonNull(password, "password");
    policy.check(password);
  }

  /** Whether a presented password is short enough to be worth hashing. */
  static boolean presentable(Password password) {
    return password.length() <= MAX_PRESENTED_LENGTH;
  }

  /** Whether a stored hash is in a format the hasher verifies. */
  boolean recognizes(String encoded) {
    return PasswordHashers.recognizes(hasher, encoded);
  }

  String hash(Password password) {
    return hasher.hash(password);
  }

  boolean matches(Password password, String hash) {
    return hasher.matches(password, hash);
  }

  /** A new hash of the right password when the stored one uses outdated parameters; else null. */
  @Nullable String upgrade(Password rightPassword, String storedHash) {
    return hasher.needsRehash(storedHash) ? hasher.hash(rightPassword) : null;
  }

  /** Spends one verification's worth of hashing: unknown accounts cost what known ones cost. */
  void waste(Password password) {
    decoy.waste(password);
  }
}
