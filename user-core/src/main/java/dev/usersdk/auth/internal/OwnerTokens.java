package dev.usersdk.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.usersdk.ConfigurationException;
import dev.usersdk.auth.TokenConfig;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The access tokens of another usersdk (the service that owns the users), verified with the public
 * keys it publishes: the same checks as the owner's own ({@link AccessTokens}), and no secret that
 * could mint a token. For {@code dev.usersdk.mirror}. Not API.
 */
public final class OwnerTokens {
  private final AccessTokens tokens;

  private OwnerTokens(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * A verifier of the owner's tokens.
   *
   * @param jwks the owner's JWKS document ({@code auth().publicKeys()} on its side)
   * @throws ConfigurationException if it holds no P-256 key with a key id
   */
  public static OwnerTokens of(String jwks, TokenConfig config) {
    List<ECKey> keys = new ArrayList<>();
    try {
      for (JWK key : JWKSet.parse(jwks).getKeys()) {
        if (key.isPrivate()) {
          throw new ConfigurationException(
              "the owner's key set holds a private key: give other services the public keys only"
                  + " (auth().publicKeys() on the owner)");
        }
        if (key instanceof ECKey ec
            && Curve.P_256.equals(ec.getCurve())
            && key.getKeyID() != null
            && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))) {
          keys.add(ec);
        }
      }
      if (keys.isEmpty()) {
        throw new ConfigurationException(
            "the owner's key set has no public P-256 key with a key id: the owner must sign with"
                + " SigningKeys.es256 for other services to verify its tokens");
      }
      return new OwnerTokens(new AccessTokens(keys, config));
    } catch (ParseException | JOSEException e) {
      throw new ConfigurationException("the owner's key set is not a JWKS of P-256 keys");
    }
  }

  /** A verified access token: whose, which, until when. */
  public record Verified(String subject, String tokenId, Instant expiresAt) {}

  /**
   * Verifies an access token of the owner at {@code now}.
   *
   * @throws dev.usersdk.auth.InvalidTokenException naming the failed check
   */
  public Verified verify(String token, Instant now) {
    AccessTokens.Claims claims = tokens.verify(token, AccessTokens.ACCESS, now);
    return new Verified(claims.subject(), claims.jwtId(), claims.expiresAt());
  }
}
