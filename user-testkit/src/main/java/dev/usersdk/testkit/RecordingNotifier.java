package dev.usersdk.testkit;

import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.user.Email;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Notifier} for tests: keeps every notification so a test can read the code or link that
 * was "emailed". Thread-safe.
 *
 * <pre>{@code
 * client.auth().register("ann@example.com", password, "Ann");
 * String code = notifier.lastCode("ann@example.com").orElseThrow();
 * }</pre>
 */
public final class RecordingNotifier implements Notifier {
  private final List<Notification> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Notification notification) {
    sent.add(notification);
  }

  /** Everything sent, oldest first. */
  public List<Notification> sent() {
    return List.copyOf(sent);
  }

  /** Everything sent to one address, oldest first. */
  public List<Notification> sentTo(String email) {
    Email to = Email.of(email);
    return sent.stream().filter(n -> n.to().equals(to)).toList();
  }

  /** The last registration code sent to the address. */
  public Optional<String> lastCode(String email) {
    return last(email, Notification.RegistrationCode.class)
        .map(Notification.RegistrationCode::code);
  }

  /** The last password reset link sent to the address. */
  public Optional<String> lastResetLink(String email) {
    return last(email, Notification.PasswordResetLink.class)
        .map(Notification.PasswordResetLink::link);
  }

  /** The last notification of a type sent to the address, e.g. {@code Notification.SignInCode}. */
  public <T extends Notification> Optional<T> last(String email, Class<T> type) {
    List<Notification> mine = sentTo(email);
    for (int i = mine.size() - 1; i >= 0; i--) {
      if (type.isInstance(mine.get(i))) {
        return Optional.of(type.cast(mine.get(i)));
      }
    }
    return Optional.empty();
  }

  /** The last sign-in code (passwordless) sent to the address. */
  public Optional<String> lastSignInCode(String email) {
    return last(email, Notification.SignInCode.class).map(Notification.SignInCode::code);
  }

  /** The token of the last sign-in link sent to the address (with a link template). */
  public Optional<String> lastSignInToken(String email) {
    return last(email, Notification.SignInCode.class)
        .flatMap(Notification.SignInCode::link)
        .map(RecordingNotifier::token);
  }

  /** The last email verification code sent to the address. */
  public Optional<String> lastVerificationCode(String email) {
    return last(email, Notification.EmailVerificationCode.class)
        .map(Notification.EmailVerificationCode::code);
  }

  /** The token of the last email verification link sent to the address. */
  public Optional<String> lastVerificationToken(String email) {
    return last(email, Notification.EmailVerificationCode.class)
        .flatMap(Notification.EmailVerificationCode::link)
        .map(RecordingNotifier::token);
  }

  /** The last email change code sent to the (new) address. */
  public Optional<String> lastEmailChangeCode(String email) {
    return last(email, Notification.EmailChangeCode.class).map(Notification.EmailChangeCode::code);
  }

  /** The {@code token} query parameter of a link, decoded. */
  private static String token(String link) {
    int at = link.indexOf("token=");
    if (at < 0) {
      throw new IllegalArgumentException("the link has no token parameter");
    }
    int end = link.indexOf('&', at);
    return java.net.URLDecoder.decode(
        link.substring(at + 6, end < 0 ? link.length() : end),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  public void clear() {
    sent.clear();
  }
}
