package dev.usersdk.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the TOTP keys at rest with AES-256-GCM under a key the host provides: a copy of the
 * table (a backup, a replica, an injected query) does not hand out second factors. Each value is
 * {@code keyId:base64url(nonce || ciphertext || tag)} (the key id as for signing keys) with a fresh
 * 96-bit nonce, bound to its user (the user id is the associated data, so a value copied to another
 * user's row does not decrypt). Values under a retired key still decrypt; {@link #isCurrent} tells
 * the caller to write them again under the current one. Not API.
 */
final class SecretBox {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String currentId;

  /** Every key that decrypts, current first, by id. */
  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

  private final SecureRandom random = new SecureRandom();

  /**
   * @param keys 32-byte keys, the current one first, then those retired by a rotation
   */
  SecretBox(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no key");
    }
    for (byte[] key : keys) {
      this.keys.putIfAbsent(AccessTokens.keyId(key), new SecretKeySpec(key, "AES"));
    }
    this.currentId = AccessTokens.keyId(keys.get(0));
  }

  String seal(byte[] plaintext, String owner) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      sealed = cipher(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, owner).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
    byte[] all = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    return currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  /**
   * The plaintext.
   *
   * @throws IllegalStateException if no configured key opens it (its key was removed from the
   *     configuration, or the value was changed or moved): never with the value in the message
   */
  byte[] open(String value, String owner) {
    int colon = value.indexOf(':');
    SecretKeySpec key = colon < 0 ? null : keys.get(value.substring(0, colon));
    if (key == null) {
      throw new IllegalStateException(
          "a second-factor secret is sealed under a key that is not configured (was it removed"
              + " from the previous keys too early? In development without USER_SDK_MFA_KEY the"
              + " key comes from the JWT secret, and a generated one changes on every start)");
    }
    byte[] all = Base64.getUrlDecoder().decode(value.substring(colon + 1));
    byte[] nonce = java.util.Arrays.copyOf(all, NONCE_BYTES);
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, owner)
          .doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException("a second-factor secret does not decrypt for its user");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /** Whether {@code value} is sealed under the current key. */
  boolean isCurrent(String value) {
    return value.startsWith(currentId + ":");
  }

  private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String owner) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required of every Java platform", e);
    }
  }
}
