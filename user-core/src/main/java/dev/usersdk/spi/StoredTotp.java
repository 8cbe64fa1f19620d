package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's TOTP key and its state.
 *
 * @param sealedSecret the key, encrypted by the service (an opaque string to the store)
 * @param confirmedAt when the user proved the enrolment with a first code; empty while the
 *     enrolment waits for it (the second factor is not required yet)
 * @param lastUsedStep the time step of the last accepted code: a code of that step or an earlier
 *     one is refused (each code works once)
 * @param failures wrong codes since the last right one or the last cooldown
 * @param blockedUntil the end of the cooldown the failures led to; empty if none
 */
public record StoredTotp(
    UserId userId,
    String sealedSecret,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    long lastUsedStep,
    int failures,
    Optional<Instant> blockedUntil,
    Instant updatedAt) {
  public StoredTotp {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(confirmedAt, "confirmedAt");
    Objects.requireNonNull(blockedUntil, "blockedUntil");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new enrolment, waiting for its first code. */
  public static StoredTotp enrolled(UserId userId, String sealedSecret, Instant at) {
    return new StoredTotp(userId, sealedSecret, at, Optional.empty(), -1, 0, Optional.empty(), at);
  }

  /** Whether the second factor is on: the enrolment was confirmed. */
  public boolean enabled() {
    return confirmedAt.isPresent();
  }

  /** This row after a right code of {@code step}: the failures are forgotten. */
  public StoredTotp accepted(long step, Instant at) {
    return new StoredTotp(
        userId, sealedSecret, createdAt, confirmedAt, step, 0, Optional.empty(), at);
  }

  /** This row, confirmed by a first code of {@code step}. */
  public StoredTotp confirmed(long step, Instant at) {
    return new StoredTotp(
        userId, sealedSecret, createdAt, Optional.of(at), step, 0, Optional.empty(), at);
  }

  /** This row after a wrong code: counted, or a cooldown once they reach {@code max}. */
  public StoredTotp failed(int max, Instant blockUntil, Instant at) {
    int counted = failures + 1;
    return counted >= max
        ? new StoredTotp(
            userId,
            sealedSecret,
            createdAt,
            confirmedAt,
            lastUsedStep,
            0,
            Optional.of(blockUntil),
            at)
        : new StoredTotp(
            userId, sealedSecret, createdAt, confirmedAt, lastUsedStep, counted, blockedUntil, at);
  }

  /** This row with its key sealed again (under a newer key). */
  public StoredTotp resealed(String sealed, Instant at) {
    return new StoredTotp(
        userId, sealed, createdAt, confirmedAt, lastUsedStep, failures, blockedUntil, at);
  }

  /** Whether a cooldown runs at {@code now}. */
  public boolean blockedAt(Instant now) {
    return blockedUntil.isPresent() && now.isBefore(blockedUntil.get());
  }

  /** Names the fields, never the sealed key. */
  @Override
  public String toString() {
    return "StoredTotp[userId="
        + userId
        + ", confirmedAt="
        + confirmedAt
        + ", lastUsedStep="
        + lastUsedStep
        + ", failures="
        + failures
        + ", blockedUntil="
        + blockedUntil
        + "]";
  }
}
