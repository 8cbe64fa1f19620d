package dev.usersdk.user;

import dev.usersdk.internal.Text;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user as stored. Immutable; every change through {@link Users} returns a new {@code User} with a
 * higher {@link #version()}.
 *
 * <p>{@link #admin()} is the stored flag only. Whether a user <em>is</em> an admin is decided by
 * {@link Users#isAdmin(User)}, which also honours the admin ids in the configuration.
 *
 * <p>Credentials are not part of a user and never appear in it.
 *
 * @param id the user's id
 * @param email the canonical email; empty for users known only through an external provider that
 *     shared none
 * @param status whether the user is pending approval, approved or disabled
 * @param admin the stored admin flag
 * @param profile what the user says about themselves
 * @param authProvider who vouches for the user's identity
 * @param externalSubject the provider's id for the user (Auth0's {@code sub}); empty for {@link
 *     AuthProvider#PASSWORD} users
 * @param emailVerified whether the user proved they own {@link #email()}
 * @param createdAt when the user was created
 * @param updatedAt when the user was last changed
 * @param approvedAt when the user was (last) approved
 * @param approvedBy the admin who approved the user; empty when approved on creation
 * @param passwordChangedAt when the user's password was last set
 * @param lastLoginAt when the user last signed in
 * @param version increases by one with every change; the basis of optimistic concurrency
 */
public record User(
    UserId id,
    Optional<Email> email,
    UserStatus status,
    boolean admin,
    Profile profile,
    AuthProvider authProvider,
    Optional<String> externalSubject,
    boolean emailVerified,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> approvedAt,
    Optional<UserId> approvedBy,
    Optional<Instant> passwordChangedAt,
    Optional<Instant> lastLoginAt,
    long version) {

  /** The longest external subject accepted; Auth0's are far shorter. */
  public static final int MAX_EXTERNAL_SUBJECT_LENGTH = 255;

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(authProvider, "authProvider");
    Objects.requireNonNull(externalSubject, "externalSubject");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(approvedAt, "approvedAt");
    Objects.requireNonNull(approvedBy, "approvedBy");
    Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    Objects.requireNonNull(lastLoginAt, "lastLoginAt");
    externalSubject =
        externalSubject.map(s -> Text.exact("externalSubject", s, MAX_EXTERNAL_SUBJECT_LENGTH));
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + version);
    }
  }

  /** A builder for a user with this id; for stores that map rows, and for tests. */
  public static Builder builder(UserId id) {
    return new Builder(id);
  }

  /** A builder that starts from this user's values. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.email = email.orElse(null);
    b.status = status;
    b.admin = admin;
    b.profile = profile;
    b.authProvider = authProvider;
    b.externalSubject = externalSubject.orElse(null);
    b.emailVerified = emailVerified;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.approvedAt = approvedAt.orElse(null);
    b.approvedBy = approvedBy.orElse(null);
    b.passwordChangedAt = passwordChangedAt.orElse(null);
    b.lastLoginAt = lastLoginAt.orElse(null);
    b.version = version;
    return b;
  }

  /** Builds {@link User}s; optional values may be given as {@code null}. */
  public static final class Builder {
    private final UserId id;
    private @Nullable Email email;
    private UserStatus status = UserStatus.APPROVED;
    private boolean admin;
    private Profile profile = Profile.EMPTY;
    private AuthProvider authProvider = AuthProvider.PASSWORD;
    private @Nullable String externalSubject;
    private boolean emailVerified;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable Instant approvedAt;
    private @Nullable UserId approvedBy;
    private @Nullable Instant passwordChangedAt;
    private @Nullable Instant lastLoginAt;
    private long version = 1;

    private Builder(UserId id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder email(@Nullable Email email) {
      this.email = email;
      return this;
    }

    public Builder status(UserStatus status) {
      this.status = status;
      return this;
    }

    public Builder admin(boolean admin) {
      this.admin = admin;
      return this;
    }

    public Builder profile(Profile profile) {
      this.profile = profile;
      return this;
    }

    public Builder authProvider(AuthProvider authProvider) {
      this.authProvider = authProvider;
      return this;
    }

    public Builder externalSubject(@Nullable String externalSubject) {
      this.externalSubject = externalSubject;
      return this;
    }

    public Builder emailVerified(boolean emailVerified) {
      this.emailVerified = emailVerified;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder approvedAt(@Nullable Instant approvedAt) {
      this.approvedAt = approvedAt;
      return this;
    }

    public Builder approvedBy(@Nullable UserId approvedBy) {
      this.approvedBy = approvedBy;
      return this;
    }

    public Builder passwordChangedAt(@Nullable Instant passwordChangedAt) {
      this.passwordChangedAt = passwordChangedAt;
      return this;
    }

    public Builder lastLoginAt(@Nullable Instant lastLoginAt) {
      this.lastLoginAt = lastLoginAt;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public User build() {
      return new User(
          id,
          Optional.ofNullable(email),
          status,
          admin,
          profile,
          authProvider,
          Optional.ofNullable(externalSubject),
          emailVerified,
          createdAt,
          updatedAt == null ? createdAt : updatedAt,
          Optional.ofNullable(approvedAt),
          Optional.ofNullable(approvedBy),
          Optional.ofNullable(passwordChangedAt),
          Optional.ofNullable(lastLoginAt),
          version);
    }
  }
}
