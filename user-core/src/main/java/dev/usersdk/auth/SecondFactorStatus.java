package dev.usersdk.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A user's second factor as the user or an admin may see it.
 *
 * @param enabled whether sign-ins need a second factor
 * @param enabledAt when the TOTP enrolment was confirmed
 * @param pendingEnrolment whether a TOTP key waits for its first code
 * @param recoveryCodesLeft how many recovery codes are unused
 */
public record SecondFactorStatus(
    boolean enabled,
    Optional<Instant> enabledAt,
    boolean pendingEnrolment,
    int recoveryCodesLeft) {}
