package dev.usersdk.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;

/**
 * Asymmetric signing of usersdk's own tokens (ES256 on P-256): the current key pair signs, the
 * public keys of it and of keys retired by a rotation verify, and all public keys can be published
 * as a JWKS document ({@link Auth#publicKeys()}) so that other services verify tokens without
 * holding anything that could mint them. Keys are JWKs (JSON); one without a {@code kid} gets its
 * RFC 7638 thumbprint. Never printed.
 *
 * <pre>{@code
 * // once: String currentPrivateJwk = SigningKeys.generateEs256().privateKeyJwk(); keep it secret
 * SigningKeys keys = SigningKeys.es256(currentPrivateJwk, retiredPublicJwk);
 * }</pre>
 */
public final class SigningKeys {
  private final ECKey current;
  private final List<ECKey> previous;

  private SigningKeys(ECKey current, List<ECKey> previous) {
    this.current = current;
    this.previous = previous;
  }

  /**
   * ES256 keys from JWK JSON.
   *
   * @param privateKeyJwk the current P-256 key pair (with {@code d})
   * @param previousPublicKeyJwks public keys retired by a rotation, newest first
   * @throws dev.usersdk.ConfigurationException if a key is not a P-256 JWK, or the current one
   *     lacks its private part (the message never quotes a key)
   */
  public static SigningKeys es256(String privateKeyJwk, String... previousPublicKeyJwks) {
    ECKey current = parse(privateKeyJwk, "signingKey");
    if (!current.isPrivate()) {
      throw new dev.usersdk.ConfigurationException("signingKey must be a private key (with \"d\")");
    }
    List<ECKey> previous =
        java.util.Arrays.stream(Objects.requireNonNull(previousPublicKeyJwks, "previous"))
            .map(json -> parse(json, "previousPublicKeys").toPublicJWK())
            .toList();
    return new SigningKeys(current, previous);
  }

  /**
   * A new P-256 key pair with its RFC 7638 thumbprint as {@code kid}: generate once, keep {@link
   * #privateKeyJwk()} in the secret store, and load it with {@link #es256} from then on.
   */
  public static SigningKeys generateEs256() {
    try {
      return new SigningKeys(
          new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate(), List.of());
    } catch (JOSEException e) {
      throw new IllegalStateException("P-256 key generation is part of every Java platform", e);
    }
  }

  /**
   * The current key pair as a JWK, private part included: for the client's signer; never log it.
   */
  public String privateKeyJwk() {
    return current.toJSONString();
  }

  /** The public keys retired by a rotation, as JWKs. */
  public List<String> previousPublicKeyJwks() {
    return previous.stream().map(ECKey::toJSONString).toList();
  }

  private static ECKey parse(String json, String setting) {
    try {
      ECKey key = ECKey.parse(Objects.requireNonNull(json, setting));
      if (!Curve.P_256.equals(key.getCurve())) {
        throw new dev.usersdk.ConfigurationException(setting + " must be a P-256 (ES256) key");
      }
      return key.getKeyID() != null ? key : new ECKey.Builder(key).keyIDFromThumbprint().build();
    } catch (ParseException | JOSEException | NullPointerException e) {
      throw new dev.usersdk.ConfigurationException(setting + " must be an EC P-256 JWK (JSON)");
    }
  }

  /** Names the key ids only. */
  @Override
  public String toString() {
    return "SigningKeys[ES256, kid="
        + current.getKeyID()
        + ", previous="
        + previous.stream().map(ECKey::getKeyID).toList()
        + "]";
  }
}
