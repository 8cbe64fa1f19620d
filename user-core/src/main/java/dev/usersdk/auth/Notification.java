package dev.usersdk.auth;

import dev.usersdk.user.Email;
import java.util.Objects;

/**
 * A message for a user that a {@link Notifier} delivers (usually by email). The codes and links in
 * it are secrets: {@code toString()} never shows them.
 */
public sealed interface Notification {
  /** Who receives it. */
  Email to();

  /** The code that confirms a registration. */
  record RegistrationCode(Email to, String code) implements Notification {
    public RegistrationCode {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
      return "RegistrationCode[to=" + to + ", code=(redacted)]";
    }
  }

  /**
   * Someone tried to register with an email that already has an account: tell its owner instead of
   * telling the caller (who must not learn whether the account exists).
   */
  record AccountAlreadyExists(Email to) implements Notification {
    public AccountAlreadyExists {
      Objects.requireNonNull(to, "to");
    }
  }

  /** The link that resets a password. */
  record PasswordResetLink(Email to, String link) implements Notification {
    public PasswordResetLink {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(link, "link");
    }

    @Override
    public String toString() {
      return "PasswordResetLink[to=" + to + ", link=(redacted)]";
    }
  }
}
