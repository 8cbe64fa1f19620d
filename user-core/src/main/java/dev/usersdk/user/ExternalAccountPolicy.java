package dev.usersdk.user;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Users#resolveExternal} treats an identity it has not seen before. Immutable.
 *
 * @param initialStatus the status of users created on first sight; empty to let the configuration
 *     decide ({@code PENDING} when approval is required, otherwise {@code APPROVED})
 * @param linkVerifiedEmail whether a first sign-in whose <em>verified</em> email matches an
 *     existing password account takes that account over instead of creating a new user. Off by
 *     default: it trusts the provider's verification with the account.
 */
public record ExternalAccountPolicy(Optional<UserStatus> initialStatus, boolean linkVerifiedEmail) {
  private static final ExternalAccountPolicy DEFAULTS =
      new ExternalAccountPolicy(Optional.empty(), false);

  public ExternalAccountPolicy {
    Objects.requireNonNull(initialStatus, "initialStatus");
  }

  /** New users get the configured status; no linking. */
  public static ExternalAccountPolicy defaults() {
    return DEFAULTS;
  }

  public ExternalAccountPolicy initialStatus(UserStatus status) {
    return new ExternalAccountPolicy(Optional.of(status), linkVerifiedEmail);
  }

  public ExternalAccountPolicy linkVerifiedEmail(boolean link) {
    return new ExternalAccountPolicy(initialStatus, link);
  }
}
