package dev.usersdk.event;

import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a user, as other services hear of it: written to the outbox in the
 * transaction of the change, delivered after it commits. One committed change is one event. No
 * event carries a password, a hash, a token, a code or a link; {@link EventJson} is the serialized
 * form.
 */
public sealed interface UserEvent {
  EventMeta meta();

  EventType type();

  /** A user was created (signed up, created by an admin, imported, or first seen from a token). */
  record Created(EventMeta meta, User user) implements UserEvent {
    public Created {
      Objects.requireNonNull(user, "user");
    }

    @Override
    public EventType type() {
      return EventType.USER_CREATED;
    }
  }

  /**
   * Fields of a user changed (email, profile, last login ...): {@code changed} names them as the
   * payload does ({@code email}, {@code profile.name}, {@code last_login_at} ...).
   */
  record Updated(EventMeta meta, User user, List<String> changed) implements UserEvent {
    public Updated {
      Objects.requireNonNull(user, "user");
      changed = List.copyOf(changed);
    }

    @Override
    public EventType type() {
      return EventType.USER_UPDATED;
    }
  }

  /** Approved (by whom, when known), disabled or enabled. */
  record StatusChanged(EventMeta meta, User user, UserStatus from, UserStatus to)
      implements UserEvent {
    public StatusChanged {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    /** The admin who approved the user, for an approval. */
    public Optional<UserId> approvedBy() {
      return to == UserStatus.APPROVED ? user.approvedBy() : Optional.empty();
    }

    @Override
    public EventType type() {
      return EventType.USER_STATUS_CHANGED;
    }
  }

  /** The user became an admin, or stopped being one. */
  record AdminChanged(EventMeta meta, User user) implements UserEvent {
    public AdminChanged {
      Objects.requireNonNull(user, "user");
    }

    @Override
    public EventType type() {
      return EventType.USER_ADMIN_CHANGED;
    }
  }

  /** The user proved they own their email address. */
  record EmailVerified(EventMeta meta, User user) implements UserEvent {
    public EmailVerified {
      Objects.requireNonNull(user, "user");
    }

    @Override
    public EventType type() {
      return EventType.USER_EMAIL_VERIFIED;
    }
  }

  /**
   * The user's email changed, and nothing else but whether it is verified: by a change the user
   * confirmed from the new address (verified), or by an admin's or another issuer's update (the
   * user says whether it is verified).
   */
  record EmailChanged(EventMeta meta, User user) implements UserEvent {
    public EmailChanged {
      Objects.requireNonNull(user, "user");
    }

    @Override
    public EventType type() {
      return EventType.USER_EMAIL_CHANGED;
    }
  }

  /**
   * The password was set, changed or reset: when, and the user as it now is — nothing about the
   * password itself.
   */
  record PasswordChanged(EventMeta meta, User user) implements UserEvent {
    public PasswordChanged {
      Objects.requireNonNull(user, "user");
      if (user.passwordChangedAt().isEmpty()) {
        throw new IllegalArgumentException(
            "a password change needs the user's password_changed_at");
      }
    }

    /** When the password was set, changed or reset. */
    public Instant changedAt() {
      return user.passwordChangedAt().orElseThrow();
    }

    @Override
    public EventType type() {
      return EventType.USER_PASSWORD_CHANGED;
    }
  }

  /** The user was deleted: a tombstone, so a late update cannot bring the user back. */
  record Deleted(EventMeta meta) implements UserEvent {
    @Override
    public EventType type() {
      return EventType.USER_DELETED;
    }
  }

  /**
   * A ledger entry was written: its kind, the amount (negative for what left), the balance after.
   */
  record EntryRecorded(
      EventMeta meta,
      EntryId entryId,
      EntryKind kind,
      Credits amount,
      Credits balanceAfter,
      Optional<String> idempotencyKey)
      implements UserEvent {
    public EntryRecorded {
      Objects.requireNonNull(entryId, "entryId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    @Override
    public EventType type() {
      return EventType.LEDGER_ENTRY_RECORDED;
    }
  }

  /**
   * The user turned on a second factor ({@code method}: {@code totp}). It does not change the user
   * as mirrored: version 0, like a ledger entry.
   */
  record MfaEnabled(EventMeta meta, String method) implements UserEvent {
    public MfaEnabled {
      Objects.requireNonNull(method, "method");
    }

    @Override
    public EventType type() {
      return EventType.USER_MFA_ENABLED;
    }
  }

  /** The user's second factor was turned off (by the user, or by an admin). Version 0. */
  record MfaDisabled(EventMeta meta, String method) implements UserEvent {
    public MfaDisabled {
      Objects.requireNonNull(method, "method");
    }

    @Override
    public EventType type() {
      return EventType.USER_MFA_DISABLED;
    }
  }
}
