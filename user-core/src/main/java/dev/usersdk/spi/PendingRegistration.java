package dev.usersdk.spi;

import dev.usersdk.user.Email;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registration waiting for its emailed code, one per email.
 *
 * @param email who registers
 * @param codeHash the keyed hash of the code sent; empty when the email already had an account and
 *     only a notice was sent (so that a repeat looks the same and is rate-limited the same)
 * @param passwordHash the chosen password, already hashed; empty with {@code codeHash}
 * @param name the display name given at registration
 * @param attempts wrong codes entered so far
 * @param sentAt when the last code (or notice) was sent: the resend cooldown runs from here
 * @param expiresAt when the code stops working
 */
public record PendingRegistration(
    Email email,
    Optional<String> codeHash,
    Optional<String> passwordHash,
    Optional<String> name,
    int attempts,
    Instant sentAt,
    Instant expiresAt) {
  public PendingRegistration {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public PendingRegistration withAttempts(int attempts) {
    return new PendingRegistration(
        email, codeHash, passwordHash, name, attempts, sentAt, expiresAt);
  }

  @Override
  public String toString() {
    return "PendingRegistration[email="
        + email
        + ", attempts="
        + attempts
        + ", sentAt="
        + sentAt
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
