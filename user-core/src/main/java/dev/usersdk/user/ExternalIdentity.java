package dev.usersdk.user;

import dev.usersdk.internal.Text;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who an external identity provider says the caller is, taken from a token it signed (Auth0's
 * {@code sub}, {@code email}, {@code email_verified}, {@code name}, {@code picture}): the input of
 * {@link Users#resolveExternal}. The provider owns these fields; usersdk keeps its copy in step.
 * Immutable; values are validated when given.
 *
 * <pre>{@code
 * ExternalIdentity.of(AuthProvider.AUTH0, "auth0|5f7c").email("ann@example.com").emailVerified(true).name("Ann")
 * }</pre>
 */
public final class ExternalIdentity {
  private final AuthProvider provider;
  private final String subject;
  private final Email email;
  private final boolean emailVerified;
  private final Profile profile;

  private ExternalIdentity(
      AuthProvider provider, String subject, Email email, boolean emailVerified, Profile profile) {
    this.provider = provider;
    this.subject = subject;
    this.email = email;
    this.emailVerified = emailVerified;
    this.profile = profile;
  }

  /**
   * An identity with only its provider and subject.
   *
   * @throws dev.usersdk.ValidationException if the subject is blank or longer than 255 characters
   */
  public static ExternalIdentity of(AuthProvider provider, String subject) {
    Objects.requireNonNull(provider, "provider");
    String checked = Text.exact("externalSubject", subject, User.MAX_EXTERNAL_SUBJECT_LENGTH);
    return new ExternalIdentity(provider, checked, null, false, Profile.EMPTY);
  }

  /**
   * This identity with the provider's email.
   *
   * @throws dev.usersdk.ValidationException if it is not an email address
   */
  public ExternalIdentity email(String email) {
    return new ExternalIdentity(provider, subject, Email.of(email), emailVerified, profile);
  }

  public ExternalIdentity emailVerified(boolean verified) {
    return new ExternalIdentity(provider, subject, email, verified, profile);
  }

  /**
   * This identity with the provider's display name.
   *
   * @throws dev.usersdk.ValidationException if it is too long for a profile name
   */
  public ExternalIdentity name(@Nullable String name) {
    return new ExternalIdentity(
        provider, subject, email, emailVerified, profile.with(ProfileField.NAME, name));
  }

  /**
   * This identity with the provider's picture.
   *
   * @throws dev.usersdk.ValidationException if it is too long for a profile picture URL
   */
  public ExternalIdentity pictureUrl(String pictureUrl) {
    return new ExternalIdentity(
        provider,
        subject,
        email,
        emailVerified,
        profile.with(ProfileField.PICTURE_URL, pictureUrl));
  }

  public AuthProvider provider() {
    return provider;
  }

  public String subject() {
    return subject;
  }

  /** Empty when the provider did not say (an access token without an email claim). */
  public Optional<Email> email() {
    return Optional.ofNullable(email);
  }

  public boolean emailVerified() {
    return emailVerified;
  }

  public Optional<String> name() {
    return Optional.ofNullable(profile.name());
  }

  public Optional<String> pictureUrl() {
    return Optional.ofNullable(profile.pictureUrl());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExternalIdentity that
        && provider.equals(that.provider)
        && subject.equals(that.subject)
        && Objects.equals(email, that.email)
        && emailVerified == that.emailVerified
        && profile.equals(that.profile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, subject, email, emailVerified, profile);
  }

  @Override
  public String toString() {
    return "ExternalIdentity["
        + provider
        + ", "
        + subject
        + ", email="
        + email
        + ", emailVerified="
        + emailVerified
        + "]";
  }
}
