package dev.usersdk.event.internal;

import dev.usersdk.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: HMAC-SHA256 over {@code id.timestamp.body} with the key of a {@code
 * whsec_} secret (base64 after the prefix), sent as {@code v1,<base64>}; several, space-separated,
 * while a secret is rotated. Not API.
 */
public final class WebhookSignatures {
  public static final String PREFIX = "whsec_";
  private static final int MIN_KEY_BYTES = 24;
  private static final int MAX_KEY_BYTES = 64;

  private WebhookSignatures() {}

  /** The key of a {@code whsec_} secret; the message never repeats the secret. */
  public static byte[] key(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new ConfigurationException("a webhook secret starts with whsec_");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("a webhook secret is whsec_ and base64 text");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new ConfigurationException(
          "a webhook secret holds " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}. */
  public static String sign(byte[] key, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
