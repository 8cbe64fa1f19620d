package dev.usersdk.auth0;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Settings;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.TokenVerifierUnavailableException;
import dev.usersdk.auth.VerifiedIdentity;
import dev.usersdk.auth0.internal.TokenVerifier;
import dev.usersdk.auth0.internal.VerifierSettings;
import dev.usersdk.health.KeySetHealth;
import dev.usersdk.observe.Observer;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.ExternalAccountPolicy;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.UserStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the access tokens of an Auth0 tenant (or any OIDC issuer that publishes a JWKS): add it
 * to a client with {@code UserClient.builder().authenticator(...)} and {@code
 * client.auth().authenticate(token)} returns a {@link dev.usersdk.auth.Principal} for Auth0 tokens
 * as for password ones. This class only verifies; the client resolves the user.
 *
 * <pre>{@code
 * Auth0Authenticator auth0 = Auth0Authenticator.forDomain("tenant.eu.auth0.com")
 *     .audience("https://api.example.com")
 *     .claimNamespace("https://api.example.com/")   // email, name, ... from an Action's custom claims
 *     .build();
 * }</pre>
 *
 * <p><b>Checks.</b> Signature with an allow-listed algorithm (default RS256 only; never {@code
 * none} or an HMAC) and a key from the issuer's JWKS endpoint, never from the token's own {@code
 * jku}, {@code x5u} or {@code jwk} headers; keys for encryption, for another algorithm or RSA keys
 * under 2048 bits are not used. Then {@code iss} exactly, {@code aud} (a string or an array)
 * containing one of the accepted audiences, {@code exp} required, {@code nbf} and {@code iat}
 * honoured, all with a bounded clock skew (default 60 s), and {@code sub} present. Tokens longer
 * than {@link Builder#maxTokenLength} are refused unread.
 *
 * <p><b>Keys.</b> Cached (default 5 minutes) and refreshed ahead of expiry; a token with an unknown
 * {@code kid} forces a refetch, which nimbus' rate limiter admits at most twice per 30 s window,
 * the regular fetch included: a flood of made-up {@code kid}s costs at most two requests per window
 * and never evicts the keys valid tokens use. When the endpoint is down, keys already seen keep
 * working for the outage tolerance (default 1 hour). With no usable key, {@link #verify} and {@link
 * #validate} fail closed with a retryable {@link TokenVerifierUnavailableException} (a 503),
 * distinct from a refused token ({@link InvalidTokenException}, a 401). Connect and read timeouts
 * (1 s, 2 s) and a size limit (64 KiB) bound what a slow or hostile endpoint can cost.
 *
 * <p><b>Users.</b> The client calls {@link dev.usersdk.user.Users#resolveExternal} with {@link
 * #accountPolicy()}: found by (provider {@code auth0}, {@code sub}), created on first sight,
 * auth-owned fields (email, email verified, name, picture) kept in step; see {@link
 * Builder#linkVerifiedEmail} and {@link Builder#initialStatus}.
 *
 * <p>Thread-safe; one per issuer per application. {@link #close()} stops the key refresher; a
 * {@code UserClient} closes the authenticators given to it, so give each client its own. A closed
 * authenticator refuses to work ({@link IllegalStateException}).
 */
public final class Auth0Authenticator implements Authenticator, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Auth0Authenticator.class);

  /** Configuration keys of {@link #fromEnv()} / {@link #fromMap}. */
  public static final String DOMAIN = "USER_SDK_AUTH0_DOMAIN";

  public static final String AUDIENCE = "USER_SDK_AUTH0_AUDIENCE";
  public static final String CLAIM_NAMESPACE = "USER_SDK_AUTH0_CLAIM_NAMESPACE";
  public static final String ROLES_CLAIM = "USER_SDK_AUTH0_ROLES_CLAIM";
  public static final String PERMISSIONS_CLAIM = "USER_SDK_AUTH0_PERMISSIONS_CLAIM";
  public static final String ISSUER = "USER_SDK_AUTH0_ISSUER";
  public static final String JWKS_URI = "USER_SDK_AUTH0_JWKS_URI";
  public static final String LINK_VERIFIED_EMAIL = "USER_SDK_AUTH0_LINK_VERIFIED_EMAIL";

  private final TokenVerifier verifier;
  private final String issuer;
  private final AuthProvider provider;
  private final ExternalAccountPolicy policy;
  private final @Nullable String rolesClaim;
  private final String permissionsClaim;

  private Auth0Authenticator(Builder builder, VerifierSettings settings) {
    this.verifier = new TokenVerifier(settings);
    this.issuer = settings.issuer();
    this.provider = builder.provider;
    this.policy = builder.policy;
    this.rolesClaim = builder.rolesClaim;
    this.permissionsClaim = builder.permissionsClaim;
  }

  /**
   * An Auth0 tenant: issuer {@code https://{domain}/}, keys from {@code
   * https://{domain}/.well-known/jwks.json}.
   */
  public static Builder forDomain(String domain) {
    return forIssuer("https://" + domain(domain) + "/");
  }

  /**
   * Any OIDC issuer, by its {@code iss} exactly as it writes it (Okta, Keycloak, Cognito, Google
   * ...). The keys are read from {@code {issuer}/.well-known/jwks.json} unless {@link
   * Builder#jwksUri} says otherwise (the issuer's discovery document names it as {@code jwks_uri}).
   */
  public static Builder forIssuer(String issuer) {
    URI uri = httpUri("issuer", issuer);
    return new Builder(issuer, URI.create(stripSlash(uri.toString()) + "/.well-known/jwks.json"));
  }

  /**
   * From {@code USER_SDK_AUTH0_*} environment variables: {@code _DOMAIN} and {@code _AUDIENCE}
   * (comma-separated) required; {@code _CLAIM_NAMESPACE}, {@code _ROLES_CLAIM}, {@code
   * _PERMISSIONS_CLAIM}, {@code _ISSUER}, {@code _JWKS_URI}, {@code _LINK_VERIFIED_EMAIL} ({@code
   * true}/{@code false}) optional.
   *
   * @throws ConfigurationException naming the missing or bad variable
   */
  public static Auth0Authenticator fromEnv() {
    return from(Settings.fromEnv());
  }

  /** As {@link #fromEnv()}, from a map (properties, a test). */
  public static Auth0Authenticator fromMap(Map<String, String> settings) {
    return from(Settings.of(settings));
  }

  /** As {@link #fromEnv()}, from settings the caller already has. */
  public static Auth0Authenticator from(Settings settings) {
    String domain = settings.required(DOMAIN, "for Auth0 (e.g. tenant.eu.auth0.com)");
    String audiences = settings.required(AUDIENCE, "for Auth0 (your API's identifier)");
    Builder builder;
    try {
      builder = forDomain(domain).audience(audiences.split(","));
      settings.text(ISSUER).ifPresent(builder::issuer);
      settings.text(JWKS_URI).ifPresent(value -> builder.jwksUri(URI.create(value)));
      settings.text(CLAIM_NAMESPACE).ifPresent(builder::claimNamespace);
      settings.text(ROLES_CLAIM).ifPresent(builder::rolesClaim);
      settings.text(PERMISSIONS_CLAIM).ifPresent(builder::permissionsClaim);
    } catch (ValidationException | IllegalArgumentException e) {
      throw new ConfigurationException("bad Auth0 setting: " + e.getMessage());
    }
    settings.bool(LINK_VERIFIED_EMAIL).ifPresent(builder::linkVerifiedEmail);
    return builder.build();
  }

  @Override
  public AuthMode mode() {
    return AuthMode.AUTH0;
  }

  /** Whether the token claims this issuer (read without verifying; {@link #verify} verifies). */
  @Override
  public boolean handles(String token) {
    return verifier.unverifiedIssuer(token).map(issuer::equals).orElse(false);
  }

  /**
   * Verifies the token and returns its claims, for callers that need only them (no user is read or
   * created).
   *
   * @throws InvalidTokenException if the token is refused (a 401)
   * @throws TokenVerifierUnavailableException if no key could be had to check it (a 503; retryable)
   */
  public VerifiedToken validate(String token) {
    return verifier.verify(token);
  }

  /**
   * Verifies the token and returns who it names, with its claims. The client then resolves the user
   * (found by provider and {@code sub}, created on first sight, kept in step with the token's
   * email, email-verified flag, name and picture, per {@link #accountPolicy()}) and enforces its
   * status.
   */
  @Override
  public VerifiedIdentity verify(String token) {
    VerifiedToken verified = validate(token);
    return new VerifiedIdentity(
        identity(verified),
        verified.issuer(),
        verified.expiresAt(),
        verified.claims(),
        strings(verified.claims(), rolesClaim),
        strings(verified.claims(), permissionsClaim));
  }

  /**
   * A claim holding names: a JSON array of strings (Auth0's {@code permissions}, an Action's roles)
   * or one space-separated string (as {@code scope} is written); anything else holds none.
   */
  private static Set<String> strings(Map<String, Object> claims, @Nullable String claim) {
    Object value = claim == null ? null : claims.get(claim);
    Set<String> names = new LinkedHashSet<>();
    if (value instanceof String text) {
      for (String name : text.split(" ", -1)) {
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String name && !name.isBlank()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * How first sign-ins become users: the builder's {@link Builder#initialStatus} and {@link
   * Builder#linkVerifiedEmail}.
   */
  @Override
  public ExternalAccountPolicy accountPolicy() {
    return policy;
  }

  /**
   * The token's identity; a value usersdk would refuse (a malformed email, a 300-character name) is
   * left out.
   */
  private ExternalIdentity identity(VerifiedToken token) {
    ExternalIdentity identity;
    try {
      identity = ExternalIdentity.of(provider, token.subject());
    } catch (ValidationException e) {
      throw new InvalidTokenException("unusable subject: " + e.getMessage());
    }
    identity = optional(identity, token.email(), ExternalIdentity::email, "email");
    identity = identity.emailVerified(token.emailVerified());
    identity = optional(identity, token.name(), ExternalIdentity::name, "name");
    return optional(identity, token.picture(), ExternalIdentity::pictureUrl, "picture");
  }

  private static ExternalIdentity optional(
      ExternalIdentity identity,
      Optional<String> value,
      java.util.function.BiFunction<ExternalIdentity, String, ExternalIdentity> setter,
      String field) {
    if (value.isEmpty()) {
      return identity;
    }
    try {
      return setter.apply(identity, value.get());
    } catch (ValidationException e) {
      log.debug("ignoring the token's {} claim: {}", field, e.getMessage());
      return identity;
    }
  }

  /**
   * The issuer's key set for {@link dev.usersdk.UserClient#health()}: its age, and {@code DEGRADED}
   * when the last fetch failed or the keys in hand are older than they are used for.
   */
  @Override
  public Optional<KeySetHealth> keySetHealth() {
    return Optional.of(verifier.keySetHealth());
  }

  /** Reports each fetch of the issuer's keys ({@link Observer#keySetFetched}) to the observer. */
  @Override
  public void observedBy(Observer observer) {
    verifier.observedBy(observer);
  }

  /** Stops the background key refresh. */
  @Override
  public void close() {
    try {
      verifier.close();
    } catch (IOException e) {
      log.debug("closing the key source failed", e);
    }
  }

  @Override
  public String toString() {
    return "Auth0Authenticator[" + issuer + "]";
  }

  /**
   * Builds an {@link Auth0Authenticator}; every setting is checked when given and again at {@link
   * #build()}.
   */
  public static final class Builder {
    private String issuer;
    private URI jwksUri;
    private final Set<String> audiences = new LinkedHashSet<>();
    private final Set<String> algorithms = new LinkedHashSet<>(List.of("RS256"));
    private Duration clockSkew = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private Duration cacheTtl = Duration.ofMinutes(5);
    private Duration refreshAhead = Duration.ofSeconds(30);
    private Duration unknownKidRefetchInterval = Duration.ofSeconds(30);
    private Duration outageTolerance = Duration.ofHours(1);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration readTimeout = Duration.ofSeconds(2);
    private int maxKeySetBytes = 64 * 1024;
    private int maxTokenLength = 16 * 1024;
    private String emailClaim;
    private String emailVerifiedClaim;
    private String nameClaim;
    private String pictureClaim;
    private @Nullable String rolesClaim;
    private boolean rolesClaimSet;
    private String permissionsClaim = "permissions";
    private AuthProvider provider = AuthProvider.AUTH0;
    private ExternalAccountPolicy policy = ExternalAccountPolicy.defaults();

    private Builder(String issuer, URI jwksUri) {
      this.issuer = issuer;
      this.jwksUri = jwksUri;
    }

    /** The API identifiers accepted in {@code aud}; at least one is required. */
    public Builder audience(String... accepted) {
      for (String audience : given(accepted, "audience")) {
        if (audience == null || audience.isBlank()) {
          throw new ValidationException("audience", "audience must not be blank");
        }
        audiences.add(audience.strip());
      }
      return this;
    }

    /**
     * The exact {@code iss} expected, when it is not {@code https://{domain}/} (a custom domain, a
     * test).
     */
    public Builder issuer(String issuer) {
      httpUri("issuer", given(issuer, "issuer"));
      this.issuer = issuer;
      return this;
    }

    /** Where the keys are published. HTTPS, except on a loopback address (a test's fake issuer). */
    public Builder jwksUri(URI jwksUri) {
      httpUri("jwksUri", given(jwksUri, "jwksUri").toString());
      this.jwksUri = jwksUri;
      return this;
    }

    /**
     * The accepted signature algorithms: RS256/384/512, PS256/384/512, ES256/384/512. Default
     * RS256.
     */
    public Builder algorithms(String... names) {
      Set<String> chosen = new LinkedHashSet<>();
      for (String name : given(names, "algorithms")) {
        if (!Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
            .contains(name)) {
          throw new ValidationException(
              "algorithms",
              "algorithm "
                  + name
                  + " is not accepted: use an asymmetric one (RS256, PS256, ES256, ...); never none or HS*");
        }
        chosen.add(name);
      }
      if (chosen.isEmpty()) {
        throw new ValidationException("algorithms", "at least one algorithm is required");
      }
      algorithms.clear();
      algorithms.addAll(chosen);
      return this;
    }

    /**
     * Tolerance for clocks that disagree, on {@code exp}, {@code nbf} and {@code iat}: 0 to 5
     * minutes, default 60 s.
     */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = between("clockSkew", skew, Duration.ZERO, Duration.ofMinutes(5));
      return this;
    }

    /** The clock the claims are checked against (a test's manual clock). */
    public Builder clock(Clock clock) {
      this.clock = given(clock, "clock");
      return this;
    }

    /**
     * Prefix of the custom claims an Auth0 Action adds ({@code https://api.example.com/} makes
     * {@code https://api.example.com/email}, {@code .../email_verified}, {@code .../name}, {@code
     * .../picture}); each falls back to the standard claim when absent.
     */
    public Builder claimNamespace(String namespace) {
      String prefix = given(namespace, "claimNamespace").strip();
      if (prefix.isEmpty()) {
        throw new ValidationException("claimNamespace", "claim namespace must not be blank");
      }
      if (!prefix.endsWith("/")) {
        prefix = prefix + "/";
      }
      emailClaim = prefix + "email";
      emailVerifiedClaim = prefix + "email_verified";
      nameClaim = prefix + "name";
      pictureClaim = prefix + "picture";
      if (!rolesClaimSet) {
        rolesClaim = prefix + "roles";
      }
      return this;
    }

    /**
     * The claim holding the caller's roles (a JSON array of strings): Auth0 puts none in access
     * tokens by itself, an Action adds them under a namespace. Default: {@code roles} under the
     * {@link #claimNamespace}, or none without one. They appear on the principal beside the roles
     * granted in usersdk, and bring the host's own permissions configured for roles of those names
     * (never usersdk's built-in ones).
     */
    public Builder rolesClaim(String claim) {
      this.rolesClaim = claimName("rolesClaim", claim);
      this.rolesClaimSet = true;
      return this;
    }

    /**
     * The claim holding the caller's permissions: default {@code permissions}, where Auth0 puts
     * them with RBAC's "Add Permissions in the Access Token". They appear on the principal as the
     * host's own permissions ({@code principal.hasPermission}); usersdk's built-in ones ({@code
     * users:approve}, {@code *} ...) are dropped, since only usersdk's own roles confer those.
     */
    public Builder permissionsClaim(String claim) {
      this.permissionsClaim = claimName("permissionsClaim", claim);
      return this;
    }

    /** The claim holding the email, tried before {@code email}. */
    public Builder emailClaim(String claim) {
      this.emailClaim = claimName("emailClaim", claim);
      return this;
    }

    public Builder emailVerifiedClaim(String claim) {
      this.emailVerifiedClaim = claimName("emailVerifiedClaim", claim);
      return this;
    }

    public Builder nameClaim(String claim) {
      this.nameClaim = claimName("nameClaim", claim);
      return this;
    }

    public Builder pictureClaim(String claim) {
      this.pictureClaim = claimName("pictureClaim", claim);
      return this;
    }

    /**
     * How long fetched keys are used before they are fetched again: 1 s to 24 h, default 5 minutes.
     */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = between("cacheTtl", ttl, Duration.ofSeconds(1), Duration.ofHours(24));
      return this;
    }

    /** How long before expiry the keys are refreshed in the background; default 30 s. */
    public Builder refreshAhead(Duration ahead) {
      this.refreshAhead = between("refreshAhead", ahead, Duration.ofMillis(1), Duration.ofHours(1));
      return this;
    }

    /** The least time between two refetches forced by unknown {@code kid}s; default 30 s. */
    public Builder unknownKidRefetchInterval(Duration interval) {
      this.unknownKidRefetchInterval =
          between("unknownKidRefetchInterval", interval, Duration.ofMillis(1), Duration.ofHours(1));
      return this;
    }

    /** How long keys already seen keep working while the endpoint is down; default 1 hour. */
    public Builder outageTolerance(Duration tolerance) {
      this.outageTolerance =
          between("outageTolerance", tolerance, Duration.ofMillis(1), Duration.ofDays(7));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout =
          between("connectTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout =
          between("readTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    /** The largest key set read; a larger answer fails the fetch. Default 64 KiB. */
    public Builder maxKeySetBytes(int bytes) {
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new ValidationException(
            "maxKeySetBytes", "maxKeySetBytes must be between 1 KiB and 16 MiB, was " + bytes);
      }
      this.maxKeySetBytes = bytes;
      return this;
    }

    /** Tokens longer than this are refused before they are parsed. Default 16 KiB. */
    public Builder maxTokenLength(int characters) {
      if (characters < 256 || characters > 1024 * 1024) {
        throw new ValidationException(
            "maxTokenLength", "maxTokenLength must be between 256 and 1 MiB, was " + characters);
      }
      this.maxTokenLength = characters;
      return this;
    }

    /**
     * The provider users are recorded under; default {@code auth0}. Another OIDC issuer may use its
     * own name.
     */
    public Builder provider(AuthProvider provider) {
      this.provider = given(provider, "provider");
      return this;
    }

    /** The status of users created on first sight; default: the client's configuration decides. */
    public Builder initialStatus(UserStatus status) {
      this.policy = policy.initialStatus(given(status, "initialStatus"));
      return this;
    }

    /**
     * Whether a first sign-in whose email is verified ({@code email_verified: true}) takes over the
     * password account with that email, instead of creating a separate user. Default off: turn it
     * on only if you trust the issuer's email verification with the account.
     */
    public Builder linkVerifiedEmail(boolean link) {
      this.policy = policy.linkVerifiedEmail(link);
      return this;
    }

    /**
     * Checks the settings together and builds the authenticator.
     *
     * @throws ConfigurationException if no audience is set, or the settings contradict each other
     */
    /** A null setting is a configuration mistake, named as one (not a NullPointerException). */
    private static <T> T given(T value, String name) {
      if (value == null) {
        throw new ConfigurationException(name + " must not be null");
      }
      return value;
    }

    public Auth0Authenticator build() {
      if (audiences.isEmpty()) {
        throw new ConfigurationException(
            "an Auth0 authenticator needs at least one audience (the API identifier)");
      }
      if (refreshAhead.plus(connectTimeout).plus(readTimeout).compareTo(cacheTtl) >= 0) {
        throw new ConfigurationException(
            "refreshAhead + connectTimeout + readTimeout must be shorter than cacheTtl");
      }
      if (unknownKidRefetchInterval.compareTo(cacheTtl) >= 0) {
        throw new ConfigurationException("unknownKidRefetchInterval must be shorter than cacheTtl");
      }
      VerifierSettings.ClaimNames claimNames =
          new VerifierSettings.ClaimNames(
              names(emailClaim, "email"), names(emailVerifiedClaim, "email_verified"),
              names(nameClaim, "name"), names(pictureClaim, "picture"));
      VerifierSettings settings =
          new VerifierSettings(
              issuer,
              Set.copyOf(audiences),
              jwksUri,
              Set.copyOf(algorithms),
              clockSkew,
              clock,
              cacheTtl,
              refreshAhead,
              unknownKidRefetchInterval,
              outageTolerance,
              connectTimeout,
              readTimeout,
              maxKeySetBytes,
              maxTokenLength,
              claimNames);
      return new Auth0Authenticator(this, settings);
    }

    private static List<String> names(String configured, String standard) {
      List<String> names = new ArrayList<>();
      if (configured != null && !configured.equals(standard)) {
        names.add(configured);
      }
      names.add(standard);
      return List.copyOf(names);
    }

    private static String claimName(String field, String claim) {
      if (claim == null || claim.isBlank()) {
        throw new ValidationException(field, field + " must not be blank");
      }
      return claim.strip();
    }

    private static Duration between(String field, Duration value, Duration min, Duration max) {
      given(value, field);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new ValidationException(
            field, field + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }
  }

  /**
   * A bare host name (with an optional port); {@code https://} and a trailing slash are forgiven.
   */
  private static String domain(String domain) {
    if (domain == null || domain.isBlank()) {
      throw new ValidationException("domain", "Auth0 domain must not be blank");
    }
    String bare = stripSlash(domain.strip().replaceFirst("^https://", ""));
    if (!bare.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
      throw new ValidationException(
          "domain",
          "Auth0 domain must be a host name like tenant.eu.auth0.com, was '" + domain + "'");
    }
    return bare;
  }

  private static String stripSlash(String value) {
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  /** An absolute https URI, or http on a loopback address. */
  private static URI httpUri(String field, String value) {
    URI uri;
    try {
      uri = URI.create(Objects.requireNonNull(value, field));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, field + " is not a URI: '" + value + "'");
    }
    if (uri.getHost() == null) {
      throw new ValidationException(
          field, field + " must be an absolute https URI, was '" + value + "'");
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (!https && !("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost()))) {
      throw new ValidationException(
          field,
          field + " must use https (plain http only on a loopback address), was '" + value + "'");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
      return false; // only literal addresses: no lookup of a name here
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
