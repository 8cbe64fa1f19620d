package dev.usersdk.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.SigningKeys;
import dev.usersdk.auth.TokenConfig;
import dev.usersdk.auth.TokenEncoding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Mints and checks the JWTs usersdk issues (HS256, or ES256 for services that only verify), after
 * RFC 8725: one algorithm only, explicit {@code typ} per kind of token (so an app-password token is
 * never taken for an access token), {@code iss}, {@code aud}, {@code exp} required, {@code nbf}
 * honoured, bounded clock skew. Not API.
 */
final class AccessTokens {
  /** RFC 9068's type for access tokens. */
  static final JOSEObjectType ACCESS = new JOSEObjectType("at+jwt");

  /** Tokens of the shared app password. */
  static final JOSEObjectType APP = new JOSEObjectType("app+jwt");

  /** Longer tokens are refused before parsing: ours are a few hundred bytes. */
  static final int MAX_TOKEN_LENGTH = 8192;

  private final JWSAlgorithm algorithm;

  /** Null for a verifier of another service's tokens: it never mints. */
  private final @Nullable JWSSigner signer;

  private final @Nullable String keyId;

  /** Every key that verifies, current first, by key id. */
  private final Map<String, JWSVerifier> verifiers = new LinkedHashMap<>();

  /** What other services may verify with: the public keys, none for HMAC secrets. */
  private final JWKSet publicKeys;

  private final String issuer;
  private final String audience;
  private final Duration skew;

  /**
   * @param secret the current key: it signs
   * @param previous keys retired by a rotation: they still verify
   */
  AccessTokens(byte[] secret, List<byte[]> previous, TokenConfig config) {
    try {
      this.algorithm = JWSAlgorithm.HS256;
      this.signer = new MACSigner(secret);
      this.keyId = keyId(secret);
      verifiers.put(keyId, new MACVerifier(secret));
      for (byte[] old : previous) {
        verifiers.putIfAbsent(keyId(old), new MACVerifier(old));
      }
      this.publicKeys = new JWKSet();
    } catch (JOSEException e) {
      throw new IllegalStateException("the JWT secret was checked at configuration time", e);
    }
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.skew = config.clockSkew();
  }

  /**
   * ES256 tokens: signed with a P-256 private key, verifiable by anyone with the public keys.
   *
   * @param signingKey the current key pair, with its {@code kid}
   * @param previous public keys retired by a rotation: they still verify
   */
  AccessTokens(ECKey signingKey, List<ECKey> previous, TokenConfig config) {
    try {
      this.algorithm = JWSAlgorithm.ES256;
      this.signer = new ECDSASigner(signingKey);
      this.keyId = signingKey.getKeyID();
      verifiers.put(keyId, new ECDSAVerifier(signingKey.toPublicJWK()));
      List<JWK> published = new ArrayList<>(List.of(signingKey.toPublicJWK()));
      for (ECKey old : previous) {
        if (verifiers.putIfAbsent(old.getKeyID(), new ECDSAVerifier(old.toPublicJWK())) == null) {
          published.add(old.toPublicJWK());
        }
      }
      this.publicKeys = new JWKSet(published);
    } catch (JOSEException e) {
      throw new IllegalStateException("the signing key was checked at configuration time", e);
    }
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.skew = config.clockSkew();
  }

  /**
   * Verifies only: ES256 access tokens of another usersdk (an owner), with the public keys it
   * publishes ({@link dev.usersdk.auth.Auth#publicKeys()}), for services that mirror its users.
   *
   * @throws JOSEException if a key cannot verify ES256
   */
  AccessTokens(List<ECKey> ownerKeys, TokenConfig config) throws JOSEException {
    this.algorithm = JWSAlgorithm.ES256;
    this.signer = null;
    this.keyId = null;
    for (ECKey key : ownerKeys) {
      verifiers.put(key.getKeyID(), new ECDSAVerifier(key.toPublicJWK()));
    }
    this.publicKeys = new JWKSet(List.copyOf(ownerKeys));
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.skew = config.clockSkew();
  }

  /** A verified token's claims that usersdk uses. */
  record Claims(
      String subject,
      String jwtId,
      Instant issuedAt,
      Instant expiresAt,
      Map<String, Object> extra) {}

  /** A signed token of {@code type}, valid from {@code now} for {@code ttl}. */
  String mint(
      JOSEObjectType type,
      String subject,
      String jwtId,
      Instant now,
      Duration ttl,
      Map<String, Object> extra) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(jwtId);
    extra.forEach(claims::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(algorithm).type(type).keyID(keyId).build(), claims.build());
    if (signer == null) {
      throw new IllegalStateException("these tokens only verify: they belong to another service");
    }
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(algorithm + " signing failed", e);
    }
    return jwt.serialize();
  }

  /**
   * Whether the token claims to be one of ours (by issuer), without verifying anything. For
   * routing.
   */
  boolean isOurs(String token) {
    try {
      return token != null
          && token.length() <= MAX_TOKEN_LENGTH
          && issuer.equals(SignedJWT.parse(token).getJWTClaimsSet().getIssuer());
    } catch (ParseException e) {
      return false;
    }
  }

  /** Verifies the token as one of {@code type} at {@code now}; an expired token is refused. */
  Claims verify(String token, JOSEObjectType type, Instant now) {
    return verify(token, type, now, false);
  }

  /**
   * Verifies the token as one of {@code type} at {@code now}.
   *
   * @param expiredToo accept a genuine token past its expiry (to end its session)
   * @throws InvalidTokenException naming the failed check, never quoting the token
   */
  Claims verify(String token, JOSEObjectType type, Instant now, boolean expiredToo) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("no token");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException("token too long");
    }
    TokenEncoding.requireCanonical(token);
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      // Checked before the signature: only HS256 is ours; "none", RS256 with our secret as a key,
      // etc. are not.
      if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
        throw new InvalidTokenException("token algorithm not accepted");
      }
      if (!type.equals(jwt.getHeader().getType())) {
        throw new InvalidTokenException("token type not accepted");
      }
      if (!verified(jwt)) {
        throw new InvalidTokenException("token signature invalid");
      }
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("token malformed");
    } catch (JOSEException e) {
      throw new InvalidTokenException("token signature could not be checked");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new InvalidTokenException("token issuer not accepted");
    }
    List<String> audiences = claims.getAudience();
    if (audiences == null || !audiences.contains(audience)) {
      throw new InvalidTokenException("token audience not accepted");
    }
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    if (exp == null || iat == null || claims.getSubject() == null || claims.getJWTID() == null) {
      throw new InvalidTokenException("token lacks a required claim");
    }
    if (!expiredToo && !now.minus(skew).isBefore(exp.toInstant())) {
      throw new InvalidTokenException("token expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new InvalidTokenException("token not valid yet");
    }
    if (now.plus(skew).isBefore(iat.toInstant())) {
      throw new InvalidTokenException("token issued in the future");
    }
    return new Claims(
        claims.getSubject(),
        claims.getJWTID(),
        iat.toInstant(),
        exp.toInstant(),
        claims.getClaims());
  }

  /**
   * Checks the signature with the key its {@code kid} names; a token without one (issued before
   * keys had ids) is tried with each key.
   */
  private boolean verified(SignedJWT jwt) throws JOSEException {
    String kid = jwt.getHeader().getKeyID();
    if (kid != null) {
      JWSVerifier verifier = verifiers.get(kid);
      return verifier != null && jwt.verify(verifier);
    }
    for (JWSVerifier verifier : verifiers.values()) {
      if (jwt.verify(verifier)) {
        return true;
      }
    }
    return false;
  }

  /** ES256 tokens with these keys. */
  static AccessTokens es256(SigningKeys keys, TokenConfig config) {
    try {
      List<ECKey> previous = new ArrayList<>();
      for (String json : keys.previousPublicKeyJwks()) {
        previous.add(ECKey.parse(json));
      }
      return new AccessTokens(ECKey.parse(keys.privateKeyJwk()), previous, config);
    } catch (ParseException e) {
      throw new IllegalStateException("the signing keys were checked at configuration time", e);
    }
  }

  /** The JWK set (public keys only) that lets other services verify these tokens. */
  String publicKeysJson() {
    return publicKeys.toString(true);
  }

  /** A key's id: a digest of it, so that it names the key without revealing it. */
  static String keyId(byte[] secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("usersdk key id".getBytes(StandardCharsets.UTF_8));
      byte[] hash = digest.digest(secret);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 9));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Parses a claim holding a UUID. */
  static UUID uuidClaim(Claims claims, String name) {
    Object value = claims.extra().get(name);
    if (!(value instanceof String text)) {
      throw new InvalidTokenException("token lacks a required claim");
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("token claim malformed");
    }
  }
}
