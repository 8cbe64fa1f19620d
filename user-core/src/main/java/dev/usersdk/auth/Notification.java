package dev.usersdk.auth;

import dev.usersdk.user.Email;
import java.util.Objects;
import java.util.Optional;

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

  /** The code (and link, when a template is configured) that verifies the account's address. */
  record EmailVerificationCode(Email to, String code, Optional<String> link)
      implements Notification {
    public EmailVerificationCode {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(link, "link");
    }

    @Override
    public String toString() {
      return "EmailVerificationCode[to=" + to + ", code=(redacted), link=(redacted)]";
    }
  }

  /** The code that confirms an email change, sent to the new address. */
  record EmailChangeCode(Email to, String code) implements Notification {
    public EmailChangeCode {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
      return "EmailChangeCode[to=" + to + ", code=(redacted)]";
    }
  }

  /** The account's email changed: a notice to the old address, naming the new one. */
  record EmailChanged(Email to, Email newEmail) implements Notification {
    public EmailChanged {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(newEmail, "newEmail");
    }
  }

  /**
   * A code (and link, when a template is configured) that signs in without a password; either works
   * once and ends the other.
   */
  record SignInCode(Email to, String code, Optional<String> link) implements Notification {
    public SignInCode {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(link, "link");
    }

    @Override
    public String toString() {
      return "SignInCode[to=" + to + ", code=(redacted), link=(redacted)]";
    }
  }

  /**
   * Someone asked to sign in with an address that has no account: tell its owner instead of telling
   * the caller (who must not learn whether the account exists).
   */
  record SignInWithoutAccount(Email to) implements Notification {
    public SignInWithoutAccount {
      Objects.requireNonNull(to, "to");
    }
  }
}
