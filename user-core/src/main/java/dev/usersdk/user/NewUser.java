package dev.usersdk.user;

import dev.usersdk.internal.Text;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Users#create(NewUser)} needs to create a user. Immutable: every method returns a
 * copy. Each value is validated when it is given, so a bad one fails at the line that set it.
 *
 * <pre>{@code
 * NewUser.email("ann@example.com").name("Ann").company("Acme")
 * NewUser.external(AuthProvider.AUTH0, "auth0|5f7c").email("bob@example.com").emailVerified(true)
 * }</pre>
 */
public final class NewUser {
  private final Email email;
  private final AuthProvider authProvider;
  private final String externalSubject;
  private final Profile profile;
  private final UserStatus status;
  private final boolean admin;
  private final boolean emailVerified;

  private NewUser(
      Email email,
      AuthProvider authProvider,
      String externalSubject,
      Profile profile,
      UserStatus status,
      boolean admin,
      boolean emailVerified) {
    this.email = email;
    this.authProvider = authProvider;
    this.externalSubject = externalSubject;
    this.profile = profile;
    this.status = status;
    this.admin = admin;
    this.emailVerified = emailVerified;
  }

  /** A user identified by an email address (provider {@link AuthProvider#PASSWORD}). */
  public static NewUser email(String email) {
    return new NewUser(
        Email.of(email), AuthProvider.PASSWORD, null, Profile.EMPTY, null, false, false);
  }

  /** A user vouched for by an external identity provider, e.g. Auth0's {@code sub}. */
  public static NewUser external(AuthProvider provider, String subject) {
    Objects.requireNonNull(provider, "provider");
    String checked = Text.exact("externalSubject", subject, User.MAX_EXTERNAL_SUBJECT_LENGTH);
    return new NewUser(null, provider, checked, Profile.EMPTY, null, false, false);
  }

  /** Sets (or, for an external user, adds) the email address. */
  public NewUser email(Email email) {
    return new NewUser(
        Objects.requireNonNull(email, "email"),
        authProvider,
        externalSubject,
        profile,
        status,
        admin,
        emailVerified);
  }

  /** Sets (or, for an external user, adds) the email address; validated as {@link Email}. */
  public NewUser withEmail(String email) {
    return email(Email.of(email));
  }

  public NewUser name(@Nullable String name) {
    return profile(profile.with(ProfileField.NAME, name));
  }

  public NewUser company(String company) {
    return profile(profile.with(ProfileField.COMPANY, company));
  }

  public NewUser phone(String phone) {
    return profile(profile.with(ProfileField.PHONE, phone));
  }

  public NewUser telegram(String telegram) {
    return profile(profile.with(ProfileField.TELEGRAM, telegram));
  }

  public NewUser pictureUrl(String pictureUrl) {
    return profile(profile.with(ProfileField.PICTURE_URL, pictureUrl));
  }

  public NewUser profile(Profile profile) {
    return new NewUser(
        email,
        authProvider,
        externalSubject,
        Objects.requireNonNull(profile, "profile"),
        status,
        admin,
        emailVerified);
  }

  /**
   * The status to start in. Without it the configuration decides: {@code PENDING} when approval is
   * required, otherwise {@code APPROVED}.
   */
  public NewUser status(UserStatus status) {
    return new NewUser(
        email,
        authProvider,
        externalSubject,
        profile,
        Objects.requireNonNull(status, "status"),
        admin,
        emailVerified);
  }

  /** Sets the stored admin flag. */
  public NewUser admin(boolean admin) {
    return new NewUser(email, authProvider, externalSubject, profile, status, admin, emailVerified);
  }

  public NewUser emailVerified(boolean emailVerified) {
    return new NewUser(email, authProvider, externalSubject, profile, status, admin, emailVerified);
  }

  public Optional<Email> email() {
    return Optional.ofNullable(email);
  }

  public AuthProvider authProvider() {
    return authProvider;
  }

  public Optional<String> externalSubject() {
    return Optional.ofNullable(externalSubject);
  }

  public Profile profile() {
    return profile;
  }

  /** The requested status; empty to let the configuration decide. */
  public Optional<UserStatus> status() {
    return Optional.ofNullable(status);
  }

  public boolean admin() {
    return admin;
  }

  public boolean emailVerified() {
    return emailVerified;
  }

  @Override
  public String toString() {
    return "NewUser[email="
        + email
        + ", authProvider="
        + authProvider
        + ", externalSubject="
        + externalSubject
        + ", status="
        + status
        + ", admin="
        + admin
        + "]";
  }
}
