package dev.usersdk.event;

import dev.usersdk.event.internal.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The receiving side of usersdk's webhooks, for a service that keeps a mirror of the users: checks
 * the Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp}, {@code
 * webhook-signature}) against one or more {@code whsec_} secrets (several during a rotation), with
 * a timestamp tolerance of 5 minutes either way against replays, comparing signatures in constant
 * time. Verify the body exactly as received, before parsing it.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(System.getenv("USERS_WEBHOOK_SECRET"));
 * verifier.verify(request.headers(), request.body());   // throws WebhookVerificationException
 * }</pre>
 */
public final class WebhookVerifier {
  /** How far a timestamp may be from the receiver's clock. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final List<byte[]> keys;
  private final Clock clock;

  private WebhookVerifier(List<byte[]> keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A verifier accepting a signature by any of these {@code whsec_} secrets. */
  public static WebhookVerifier of(String... secrets) {
    return of(Clock.systemUTC(), secrets);
  }

  /** {@link #of(String...)} on a given clock (tests). */
  public static WebhookVerifier of(Clock clock, String... secrets) {
    Objects.requireNonNull(clock, "clock");
    List<byte[]> keys = new ArrayList<>();
    for (String secret : secrets) {
      keys.add(WebhookSignatures.key(secret));
    }
    if (keys.isEmpty()) {
      throw new dev.usersdk.ConfigurationException("a webhook verifier needs at least one secret");
    }
    return new WebhookVerifier(List.copyOf(keys), clock);
  }

  /**
   * Checks a received webhook; returns normally only if it is genuine and fresh.
   *
   * @param headers the request's headers, names in any case (a value list takes its first value)
   * @throws WebhookVerificationException otherwise
   */
  public void verify(Map<String, ?> headers, String body) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> byName.put(name, first(value)));
    String id = required(byName, "webhook-id");
    String timestamp = required(byName, "webhook-timestamp");
    String signatures = required(byName, "webhook-signature");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > TOLERANCE.toSeconds()) {
      throw new WebhookVerificationException("webhook-timestamp is outside the tolerance");
    }
    for (byte[] key : keys) {
      byte[] expected =
          WebhookSignatures.sign(key, id, seconds, Objects.requireNonNull(body, "body"))
              .getBytes(StandardCharsets.UTF_8);
      for (String candidate : signatures.split(" ", -1)) {
        if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
          return;
        }
      }
    }
    throw new WebhookVerificationException("no webhook-signature matches");
  }

  private static String first(Object value) {
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "" : String.valueOf(list.get(0));
    }
    return String.valueOf(value);
  }

  private static String required(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      throw new WebhookVerificationException(name.toLowerCase(Locale.ROOT) + " header is missing");
    }
    return value.trim();
  }

  @Override
  public String toString() {
    return "WebhookVerifier[" + keys.size() + " secret(s)]";
  }
}
