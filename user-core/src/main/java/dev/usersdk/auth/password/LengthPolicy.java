package dev.usersdk.auth.password;

import dev.usersdk.ConfigurationException;
import java.util.Objects;

/** {@link PasswordPolicy#length}: counts code points and nothing else, so it is always cheap. */
record LengthPolicy(int min, int max) implements PasswordPolicy {
  LengthPolicy {
    if (min < 1) {
      throw new ConfigurationException("password policy min length must be at least 1, was " + min);
    }
    if (max < min) {
      throw new ConfigurationException(
          "password policy max length must be at least min (" + min + "), was " + max);
    }
  }

  @Override
  public void check(Password password) {
    Objects.requireNonNull(password, "password");
    // The actual length is left out of the messages: it is a hint about the secret.
    int length = password.length();
    if (length < min) {
      throw new WeakPasswordException("password must be at least " + min + " characters");
    }
    if (length > max) {
      throw new WeakPasswordException("password must be at most " + max + " characters");
    }
  }
}
