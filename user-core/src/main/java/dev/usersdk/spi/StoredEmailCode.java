package dev.usersdk.spi;

import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A code sent to an address, by its hash, with its link token's hash when a link was sent too.
 *
 * @param subject the user id ({@code VERIFY}, {@code CHANGE}) or the address ({@code SIGN_IN})
 * @param userId the user it is for; empty for a sign-in by an address without an account
 * @param email where it was sent: the account's address, or the new one of a change
 * @param attempts wrong codes presented so far (at the maximum the code is void; the row stays
 *     until it expires and its hour has passed, so the sends keep counting)
 * @param sends codes sent to this subject since {@code windowStartedAt}
 * @param windowStartedAt when the hour began in which {@code sends} counts
 */
public record StoredEmailCode(
    EmailCodePurpose purpose,
    String subject,
    Optional<UserId> userId,
    Email email,
    String codeHash,
    Optional<String> linkHash,
    int attempts,
    Instant sentAt,
    Instant expiresAt,
    int sends,
    Instant windowStartedAt) {
  public StoredEmailCode {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(linkHash, "linkHash");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(windowStartedAt, "windowStartedAt");
  }

  public StoredEmailCode withAttempts(int value) {
    return new StoredEmailCode(
        purpose,
        subject,
        userId,
        email,
        codeHash,
        linkHash,
        value,
        sentAt,
        expiresAt,
        sends,
        windowStartedAt);
  }

  /** Names the fields, never the hashes. */
  @Override
  public String toString() {
    return "StoredEmailCode[purpose="
        + purpose
        + ", userId="
        + userId
        + ", attempts="
        + attempts
        + ", sends="
        + sends
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
