package dev.usersdk.auth0.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.TokenEncoding;
import dev.usersdk.auth.TokenVerifierUnavailableException;
import dev.usersdk.auth0.VerifiedToken;
import dev.usersdk.health.KeySetHealth;
import dev.usersdk.observe.Observer;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Verifies access tokens of one issuer with nimbus' {@link DefaultJWTProcessor}: allow-listed
 * algorithms only (never {@code none} or an HMAC), keys only from the issuer's JWKS endpoint (the
 * {@code jku}, {@code x5u} and {@code jwk} headers are never consulted), only keys meant for
 * signatures with a matching or absent {@code alg}, RSA keys of at least 2048 bits; then the claims
 * with {@link #checkClaims}. Not API.
 */
public final class TokenVerifier implements Closeable {
  static final int MIN_RSA_BITS = 2048;

  private final VerifierSettings settings;
  private final KeySource keys;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private volatile boolean closed;

  /** Reports key-set fetches to {@code observer} from now on. */
  public void observedBy(Observer observer) {
    keys.observedBy(observer);
  }

  /** The state of the issuer's keys, for the client's health check; no I/O. */
  public KeySetHealth keySetHealth() {
    return keys.health();
  }

  public TokenVerifier(VerifierSettings settings) {
    this.settings = settings;
    try {
      this.keys = new KeySource(settings.jwksUri().toURL(), settings);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + settings.jwksUri(), e);
    }
    Set<JWSAlgorithm> algorithms =
        settings.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    processor.setJWSKeySelector(new KeySelector(algorithms, keys.source()));
    // Auth0 writes typ JWT, RFC 9068 access tokens at+jwt; some issuers none.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWTClaimsSetVerifier(
        new JWTClaimsSetVerifier<>() {
          @Override
          public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            checkClaims(claims);
          }
        });
  }

  /**
   * Picks the keys a token may be verified with: nimbus' matching (kid, key type, use {@code sig}
   * or none, {@code alg} equal or none) plus at least {@value #MIN_RSA_BITS} bits for RSA. The Java
   * public key of each JWK is built once per key, not per token.
   */
  private static final class KeySelector extends JWSVerificationKeySelector<SecurityContext> {
    private static final int MAX_CACHED_KEYS = 64;
    private final Map<JWK, Key> publicKeys = new ConcurrentHashMap<>();

    KeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
      super(algorithms, source);
    }

    @Override
    protected JWKMatcher createJWKMatcher(JWSHeader header) {
      JWKMatcher matcher = super.createJWKMatcher(header); // null for an algorithm not allowed
      if (matcher == null || !JWSAlgorithm.Family.RSA.contains(header.getAlgorithm())) {
        return matcher;
      }
      return new JWKMatcher.Builder(matcher).minKeySize(MIN_RSA_BITS).build();
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context)
        throws KeySourceException {
      JWKMatcher matcher = createJWKMatcher(header);
      if (matcher == null) {
        return List.of();
      }
      List<Key> selected = new ArrayList<>();
      for (JWK jwk : getJWKSource().get(new JWKSelector(matcher), context)) {
        Key key = publicKeys.get(jwk);
        if (key == null) {
          key = publicKey(jwk);
          if (key == null) {
            continue;
          }
          if (publicKeys.size() >= MAX_CACHED_KEYS) {
            publicKeys
                .clear(); // keys rotate rarely; a flood of distinct keys only costs the conversion
          }
          publicKeys.put(jwk, key);
        }
        selected.add(key);
      }
      return selected;
    }

    private static Key publicKey(JWK jwk) {
      if (!(jwk instanceof AsymmetricJWK asymmetric)) {
        return null;
      }
      try {
        return asymmetric.toPublicKey();
      } catch (JOSEException e) {
        return null; // a malformed key is no key
      }
    }
  }

  /** The issuer's claim about itself, read without verifying anything; empty if unreadable. */
  public Optional<String> unverifiedIssuer(String token) {
    if (token == null || token.length() > settings.maxTokenLength()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Verifies the token: algorithm, key, signature, then the claims.
   *
   * @throws InvalidTokenException if the token is refused
   * @throws TokenVerifierUnavailableException if no key could be had to check it
   */
  public VerifiedToken verify(String token) {
    if (closed) {
      throw new IllegalStateException(
          "this authenticator is closed (closing a UserClient closes its authenticators)");
    }
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("no token");
    }
    if (token.length() > settings.maxTokenLength()) {
      throw new InvalidTokenException(
          "token longer than " + settings.maxTokenLength() + " characters");
    }
    TokenEncoding.requireCanonical(token);
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token");
    } catch (BadJOSEException e) {
      // Nimbus' and our own messages name the failed check, never the token.
      throw new InvalidTokenException(e.getMessage());
    } catch (KeySourceException e) {
      if (isRateLimited(e) && keys.keysKnown()) {
        throw new InvalidTokenException("no published key matches the token");
      }
      throw new TokenVerifierUnavailableException(
          "the signing keys of " + settings.issuer() + " could not be fetched; try again later", e);
    } catch (JOSEException e) {
      throw new InvalidTokenException("signature could not be verified");
    }
    return verified(claims);
  }

  /** Issuer, audience, expiry (required), not-before and issued-at, with the configured skew. */
  void checkClaims(JWTClaimsSet claims) throws BadJWTException {
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new BadJWTException("wrong issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience.stream().noneMatch(settings.audiences()::contains)) {
      throw new BadJWTException("wrong audience");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new BadJWTException("no subject");
    }
    Instant now = settings.clock().instant();
    Instant expiresAt = instant(claims.getExpirationTime());
    if (expiresAt == null) {
      throw new BadJWTException("no expiry");
    }
    if (!now.isBefore(expiresAt.plus(settings.clockSkew()))) {
      throw new BadJWTException("token expired");
    }
    Instant notBefore = instant(claims.getNotBeforeTime());
    if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore)) {
      throw new BadJWTException("token not valid yet");
    }
    Instant issuedAt = instant(claims.getIssueTime());
    if (issuedAt != null && now.plus(settings.clockSkew()).isBefore(issuedAt)) {
      throw new BadJWTException("token issued in the future");
    }
  }

  private VerifiedToken verified(JWTClaimsSet claims) {
    VerifierSettings.ClaimNames names = settings.claimNames();
    return new VerifiedToken(
        claims.getSubject(),
        claims.getIssuer(),
        claims.getAudience(),
        instant(claims.getExpirationTime()),
        Optional.ofNullable(instant(claims.getIssueTime())),
        firstString(claims, names.email()),
        firstBoolean(claims, names.emailVerified()),
        firstString(claims, names.name()),
        firstString(claims, names.picture()),
        claims.toJSONObject());
  }

  private static Optional<String> firstString(JWTClaimsSet claims, List<String> names) {
    for (String name : names) {
      if (claims.getClaim(name) instanceof String value && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Auth0 writes a boolean; some issuers a string. */
  private static boolean firstBoolean(JWTClaimsSet claims, List<String> names) {
    for (String name : names) {
      Object value = claims.getClaim(name);
      if (value instanceof Boolean flag) {
        return flag;
      }
      if (value instanceof String text) {
        return text.equalsIgnoreCase("true");
      }
    }
    return false;
  }

  private static boolean isRateLimited(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RateLimitReachedException) {
        return true;
      }
    }
    return false;
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    keys.close();
  }
}
