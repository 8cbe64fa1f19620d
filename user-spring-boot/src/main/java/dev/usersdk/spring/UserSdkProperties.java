package dev.usersdk.spring;

import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.jdbc.JdbcConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code usersdk.*} properties: the same settings as usersdk's {@code USER_SDK_*} environment
 * variables, under Spring's names ({@code usersdk.jwt.secret} is {@code USER_SDK_JWT_SECRET}). A
 * property left unset falls back to its environment variable, then to usersdk's default, so an
 * application and the operator CLI read one configuration.
 */
@ConfigurationProperties("usersdk")
public class UserSdkProperties {
  /** {@code development} or {@code production} (the default): production refuses weak settings. */
  private @Nullable String environment;

  /** Accepted sign-ins: {@code password}, {@code auth0}, {@code none}; several comma-separated. */
  private @Nullable String authMode;

  /** Users that are admins by id, whatever their stored flag says. */
  private List<String> adminIds = new ArrayList<>();

  /** The balance a new user opens with, e.g. {@code 5.00}. */
  private @Nullable String defaultBalance;

  /** Whether new users wait for an admin's approval before they can sign in. */
  private @Nullable Boolean requireApproval;

  /** Roles and the permissions each grants: {@code usersdk.roles.support=users:approve}. */
  private Map<String, List<String>> roles = new LinkedHashMap<>();

  /** The existing user the first confirmed registration attaches to. */
  private @Nullable String legacyOwnerId;

  /** The local user of {@code none} mode. */
  private @Nullable String noAuthEmail;

  private final Jwt jwt = new Jwt();
  private final Links links = new Links();
  private final Mfa mfa = new Mfa();
  private final Ledger ledger = new Ledger();
  private final Db db = new Db();
  private final Auth0 auth0 = new Auth0();
  private final Web web = new Web();

  /** usersdk's own tokens. */
  public static class Jwt {
    /** The HS256 secret (32 bytes or more), when tokens are not signed with {@code signing-key}. */
    private @Nullable String secret;

    /** Secrets that signed earlier tokens: accepted, never used to sign. */
    private List<String> previousSecrets = new ArrayList<>();

    /** ES256 instead of HS256: a P-256 private JWK to sign with. */
    private @Nullable String signingKey;

    /** A JWK set (one JSON document) of retired public keys: their tokens are still accepted. */
    private @Nullable String previousPublicKeys;

    /** The {@code iss} written into and required of tokens. */
    private @Nullable String issuer;

    /** The {@code aud} written into and required of tokens. */
    private @Nullable String audience;

    /** How long an access token lives (default 15 minutes). */
    private @Nullable Duration accessTokenTtl;

    /** How long a refresh token lives (default 30 days). */
    private @Nullable Duration refreshTokenTtl;

    public @Nullable String getSecret() {
      return secret;
    }

    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }

    public List<String> getPreviousSecrets() {
      return previousSecrets;
    }

    public void setPreviousSecrets(List<String> previousSecrets) {
      this.previousSecrets = previousSecrets;
    }

    public @Nullable String getSigningKey() {
      return signingKey;
    }

    public void setSigningKey(@Nullable String signingKey) {
      this.signingKey = signingKey;
    }

    public @Nullable String getPreviousPublicKeys() {
      return previousPublicKeys;
    }

    public void setPreviousPublicKeys(@Nullable String previousPublicKeys) {
      this.previousPublicKeys = previousPublicKeys;
    }

    public @Nullable String getIssuer() {
      return issuer;
    }

    public void setIssuer(@Nullable String issuer) {
      this.issuer = issuer;
    }

    public @Nullable String getAudience() {
      return audience;
    }

    public void setAudience(@Nullable String audience) {
      this.audience = audience;
    }

    public @Nullable Duration getAccessTokenTtl() {
      return accessTokenTtl;
    }

    public void setAccessTokenTtl(@Nullable Duration accessTokenTtl) {
      this.accessTokenTtl = accessTokenTtl;
    }

    public @Nullable Duration getRefreshTokenTtl() {
      return refreshTokenTtl;
    }

    public void setRefreshTokenTtl(@Nullable Duration refreshTokenTtl) {
      this.refreshTokenTtl = refreshTokenTtl;
    }
  }

  /** The links usersdk mails; {@code {token}} is replaced by the one-time token. */
  public static class Links {
    /** The password-reset page, e.g. {@code https://app.example.com/reset?token={token}}. */
    private @Nullable String resetTemplate;

    /** The email-verification page. */
    private @Nullable String verifyTemplate;

    /** The sign-in-by-link page. */
    private @Nullable String signInTemplate;

    public @Nullable String getResetTemplate() {
      return resetTemplate;
    }

    public void setResetTemplate(@Nullable String resetTemplate) {
      this.resetTemplate = resetTemplate;
    }

    public @Nullable String getVerifyTemplate() {
      return verifyTemplate;
    }

    public void setVerifyTemplate(@Nullable String verifyTemplate) {
      this.verifyTemplate = verifyTemplate;
    }

    public @Nullable String getSignInTemplate() {
      return signInTemplate;
    }

    public void setSignInTemplate(@Nullable String signInTemplate) {
      this.signInTemplate = signInTemplate;
    }
  }

  /** Second factors. */
  public static class Mfa {
    /** The AES-256 key ({@code base64:...}, 32 bytes) that seals TOTP keys at rest. */
    private @Nullable String key;

    /** Retired keys, still able to open what they sealed. */
    private List<String> previousKeys = new ArrayList<>();

    public @Nullable String getKey() {
      return key;
    }

    public void setKey(@Nullable String key) {
      this.key = key;
    }

    public List<String> getPreviousKeys() {
      return previousKeys;
    }

    public void setPreviousKeys(List<String> previousKeys) {
      this.previousKeys = previousKeys;
    }
  }

  /** The balance ledger. */
  public static class Ledger {
    /**
     * How many concurrent deductions of one account may run as one transaction (default 256; 1:
     * none, each alone).
     */
    private @Nullable Integer deductionBatch;

    /** How many requests may queue on one account before callers are refused. */
    private @Nullable Integer deductionQueue;

    public @Nullable Integer getDeductionBatch() {
      return deductionBatch;
    }

    public void setDeductionBatch(@Nullable Integer deductionBatch) {
      this.deductionBatch = deductionBatch;
    }

    public @Nullable Integer getDeductionQueue() {
      return deductionQueue;
    }

    public void setDeductionQueue(@Nullable Integer deductionQueue) {
      this.deductionQueue = deductionQueue;
    }
  }

  /**
   * The database. Without {@code url}, usersdk uses the application's {@code DataSource} and only
   * {@code migrate} and {@code retry-budget} apply; with it, a pool of its own.
   */
  public static class Db {
    /** A JDBC URL for usersdk's own pool. */
    private @Nullable String url;

    /** The user of usersdk's own pool. */
    private @Nullable String user;

    /** The password of usersdk's own pool. */
    private @Nullable String password;

    /** The size of usersdk's own pool. */
    private @Nullable Integer poolSize;

    /**
     * Whether to bring the usersdk tables up to date on start; with {@code false}, usersdk refuses
     * to start on a schema that is behind. Default on the application's DataSource: yes (as Spring
     * Boot runs an application's own migrations); on usersdk's own pool: yes on H2, no on servers.
     */
    private @Nullable Boolean migrate;

    /** How long a caller waits for a connection of usersdk's own pool. */
    private @Nullable Duration connectionTimeout;

    /** How long a transaction that conflicts with concurrent ones is tried again. */
    private @Nullable Duration retryBudget;

    /** The longest a statement of usersdk's own pool may run. */
    private @Nullable Duration statementTimeout;

    public @Nullable String getUrl() {
      return url;
    }

    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    public @Nullable String getUser() {
      return user;
    }

    public void setUser(@Nullable String user) {
      this.user = user;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    public @Nullable Integer getPoolSize() {
      return poolSize;
    }

    public void setPoolSize(@Nullable Integer poolSize) {
      this.poolSize = poolSize;
    }

    public @Nullable Boolean getMigrate() {
      return migrate;
    }

    public void setMigrate(@Nullable Boolean migrate) {
      this.migrate = migrate;
    }

    public @Nullable Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    public void setConnectionTimeout(@Nullable Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    public @Nullable Duration getRetryBudget() {
      return retryBudget;
    }

    public void setRetryBudget(@Nullable Duration retryBudget) {
      this.retryBudget = retryBudget;
    }

    public @Nullable Duration getStatementTimeout() {
      return statementTimeout;
    }

    public void setStatementTimeout(@Nullable Duration statementTimeout) {
      this.statementTimeout = statementTimeout;
    }
  }

  /** Auth0 or another OIDC issuer, for {@code auth-mode=auth0} (needs user-auth0). */
  public static class Auth0 {
    /** The tenant's domain, e.g. {@code tenant.eu.auth0.com}. */
    private @Nullable String domain;

    /** The API identifiers tokens must be meant for. */
    private List<String> audience = new ArrayList<>();

    /** The issuer exactly as tokens write it, when not {@code https://{domain}/}. */
    private @Nullable String issuer;

    /** Where the issuer's keys are, when not {@code {issuer}/.well-known/jwks.json}. */
    private @Nullable String jwksUri;

    /** The namespace of the custom claims (email, name) an Action adds. */
    private @Nullable String claimNamespace;

    /** The claim holding the user's roles. */
    private @Nullable String rolesClaim;

    /** The claim holding the user's permissions (default {@code permissions}). */
    private @Nullable String permissionsClaim;

    /** Whether a verified email links a token's subject to the local user with that address. */
    private @Nullable Boolean linkVerifiedEmail;

    public @Nullable String getDomain() {
      return domain;
    }

    public void setDomain(@Nullable String domain) {
      this.domain = domain;
    }

    public List<String> getAudience() {
      return audience;
    }

    public void setAudience(List<String> audience) {
      this.audience = audience;
    }

    public @Nullable String getIssuer() {
      return issuer;
    }

    public void setIssuer(@Nullable String issuer) {
      this.issuer = issuer;
    }

    public @Nullable String getJwksUri() {
      return jwksUri;
    }

    public void setJwksUri(@Nullable String jwksUri) {
      this.jwksUri = jwksUri;
    }

    public @Nullable String getClaimNamespace() {
      return claimNamespace;
    }

    public void setClaimNamespace(@Nullable String claimNamespace) {
      this.claimNamespace = claimNamespace;
    }

    public @Nullable String getRolesClaim() {
      return rolesClaim;
    }

    public void setRolesClaim(@Nullable String rolesClaim) {
      this.rolesClaim = rolesClaim;
    }

    public @Nullable String getPermissionsClaim() {
      return permissionsClaim;
    }

    public void setPermissionsClaim(@Nullable String permissionsClaim) {
      this.permissionsClaim = permissionsClaim;
    }

    public @Nullable Boolean getLinkVerifiedEmail() {
      return linkVerifiedEmail;
    }

    public void setLinkVerifiedEmail(@Nullable Boolean linkVerifiedEmail) {
      this.linkVerifiedEmail = linkVerifiedEmail;
    }
  }

  /** The HTTP side (needs Spring MVC and Spring Security). */
  public static class Web {
    /** Whether to serve the seeds' endpoints ({@code /auth/*}, {@code /users/me}, ...). */
    private boolean endpoints;

    /** Whether usersdk's errors are answered as RFC 9457 problems (needs only Spring MVC). */
    private boolean problems = true;

    /** Browser origins allowed to call with credentials (CORS); none: no CORS. */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Paths that answer without a token besides {@code /health} (and the sign-in steps). */
    private List<String> publicPaths = new ArrayList<>();

    /** The access token's cookie. */
    private String tokenCookie = "usersdk_token";

    /** The refresh token's cookie, sent only to {@code /auth}. */
    private String refreshCookie = "usersdk_refresh";

    /** Whether cookies are {@code Secure}; default: yes, except in development. */
    private @Nullable Boolean secureCookies;

    /** The cookies' {@code SameSite}: {@code Lax} (default), {@code Strict} or {@code None}. */
    private String sameSite = "Lax";

    public boolean isEndpoints() {
      return endpoints;
    }

    public void setEndpoints(boolean endpoints) {
      this.endpoints = endpoints;
    }

    public boolean isProblems() {
      return problems;
    }

    public void setProblems(boolean problems) {
      this.problems = problems;
    }

    public List<String> getAllowedOrigins() {
      return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = allowedOrigins;
    }

    public List<String> getPublicPaths() {
      return publicPaths;
    }

    public void setPublicPaths(List<String> publicPaths) {
      this.publicPaths = publicPaths;
    }

    public String getTokenCookie() {
      return tokenCookie;
    }

    public void setTokenCookie(String tokenCookie) {
      this.tokenCookie = tokenCookie;
    }

    public String getRefreshCookie() {
      return refreshCookie;
    }

    public void setRefreshCookie(String refreshCookie) {
      this.refreshCookie = refreshCookie;
    }

    public @Nullable Boolean getSecureCookies() {
      return secureCookies;
    }

    public void setSecureCookies(@Nullable Boolean secureCookies) {
      this.secureCookies = secureCookies;
    }

    public String getSameSite() {
      return sameSite;
    }

    public void setSameSite(String sameSite) {
      this.sameSite = sameSite;
    }
  }

  /**
   * The properties as {@code USER_SDK_*} settings over the process environment: what is set here
   * wins, what is not keeps the environment's value.
   */
  Map<String, String> settings(Map<String, String> inherited) {
    Map<String, String> settings = new LinkedHashMap<>(inherited);
    put(settings, UserSdkConfig.ENVIRONMENT, environment);
    put(settings, AuthConfig.AUTH_MODE, authMode);
    put(settings, UserSdkConfig.ADMIN_IDS, adminIds);
    put(settings, UserSdkConfig.DEFAULT_BALANCE, defaultBalance);
    put(settings, UserSdkConfig.REQUIRE_APPROVAL, requireApproval);
    if (!roles.isEmpty()) {
      settings.put(
          UserSdkConfig.ROLES,
          roles.entrySet().stream()
              .map(role -> role.getKey() + "=" + String.join(",", role.getValue()))
              .collect(Collectors.joining(";")));
    }
    put(settings, AuthConfig.LEGACY_OWNER_ID, legacyOwnerId);
    put(settings, AuthConfig.NO_AUTH_EMAIL, noAuthEmail);
    put(settings, AuthConfig.JWT_SECRET, jwt.secret);
    put(settings, AuthConfig.JWT_PREVIOUS_SECRETS, jwt.previousSecrets);
    put(settings, AuthConfig.JWT_SIGNING_KEY, jwt.signingKey);
    put(settings, AuthConfig.JWT_PREVIOUS_PUBLIC_KEYS, jwt.previousPublicKeys);
    put(settings, AuthConfig.JWT_ISSUER, jwt.issuer);
    put(settings, AuthConfig.JWT_AUDIENCE, jwt.audience);
    put(settings, AuthConfig.ACCESS_TOKEN_TTL, jwt.accessTokenTtl);
    put(settings, AuthConfig.REFRESH_TOKEN_TTL, jwt.refreshTokenTtl);
    put(settings, AuthConfig.RESET_LINK_TEMPLATE, links.resetTemplate);
    put(settings, AuthConfig.VERIFY_LINK_TEMPLATE, links.verifyTemplate);
    put(settings, AuthConfig.SIGN_IN_LINK_TEMPLATE, links.signInTemplate);
    put(settings, AuthConfig.MFA_KEY, mfa.key);
    put(settings, AuthConfig.MFA_PREVIOUS_KEYS, mfa.previousKeys);
    put(settings, UserSdkConfig.DEDUCTION_BATCH, ledger.deductionBatch);
    put(settings, UserSdkConfig.DEDUCTION_QUEUE, ledger.deductionQueue);
    put(settings, JdbcConfig.URL, db.url);
    put(settings, JdbcConfig.USER, db.user);
    put(settings, JdbcConfig.PASSWORD, db.password);
    put(settings, JdbcConfig.POOL_SIZE, db.poolSize);
    put(settings, JdbcConfig.MIGRATE, db.migrate);
    put(settings, JdbcConfig.CONNECTION_TIMEOUT_MS, millis(db.connectionTimeout));
    put(settings, JdbcConfig.RETRY_BUDGET_MS, millis(db.retryBudget));
    put(settings, JdbcConfig.STATEMENT_TIMEOUT_MS, millis(db.statementTimeout));
    // user-auth0's names, spelled out: the class may be absent, and its constants with it.
    put(settings, "USER_SDK_AUTH0_DOMAIN", auth0.domain);
    put(settings, "USER_SDK_AUTH0_AUDIENCE", auth0.audience);
    put(settings, "USER_SDK_AUTH0_ISSUER", auth0.issuer);
    put(settings, "USER_SDK_AUTH0_JWKS_URI", auth0.jwksUri);
    put(settings, "USER_SDK_AUTH0_CLAIM_NAMESPACE", auth0.claimNamespace);
    put(settings, "USER_SDK_AUTH0_ROLES_CLAIM", auth0.rolesClaim);
    put(settings, "USER_SDK_AUTH0_PERMISSIONS_CLAIM", auth0.permissionsClaim);
    put(settings, "USER_SDK_AUTH0_LINK_VERIFIED_EMAIL", auth0.linkVerifiedEmail);
    return settings;
  }

  private static void put(Map<String, String> settings, String key, @Nullable Object value) {
    if (value instanceof List<?> list) {
      if (!list.isEmpty()) {
        settings.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
      }
    } else if (value instanceof Duration duration) {
      settings.put(key, duration.toString());
    } else if (value != null) {
      settings.put(key, value.toString());
    }
  }

  private static @Nullable Long millis(@Nullable Duration duration) {
    return duration == null ? null : duration.toMillis();
  }

  public @Nullable String getEnvironment() {
    return environment;
  }

  public void setEnvironment(@Nullable String environment) {
    this.environment = environment;
  }

  public @Nullable String getAuthMode() {
    return authMode;
  }

  public void setAuthMode(@Nullable String authMode) {
    this.authMode = authMode;
  }

  public List<String> getAdminIds() {
    return adminIds;
  }

  public void setAdminIds(List<String> adminIds) {
    this.adminIds = adminIds;
  }

  public @Nullable String getDefaultBalance() {
    return defaultBalance;
  }

  public void setDefaultBalance(@Nullable String defaultBalance) {
    this.defaultBalance = defaultBalance;
  }

  public @Nullable Boolean getRequireApproval() {
    return requireApproval;
  }

  public void setRequireApproval(@Nullable Boolean requireApproval) {
    this.requireApproval = requireApproval;
  }

  public Map<String, List<String>> getRoles() {
    return roles;
  }

  public void setRoles(Map<String, List<String>> roles) {
    this.roles = roles;
  }

  public @Nullable String getLegacyOwnerId() {
    return legacyOwnerId;
  }

  public void setLegacyOwnerId(@Nullable String legacyOwnerId) {
    this.legacyOwnerId = legacyOwnerId;
  }

  public @Nullable String getNoAuthEmail() {
    return noAuthEmail;
  }

  public void setNoAuthEmail(@Nullable String noAuthEmail) {
    this.noAuthEmail = noAuthEmail;
  }

  public Jwt getJwt() {
    return jwt;
  }

  public Links getLinks() {
    return links;
  }

  public Mfa getMfa() {
    return mfa;
  }

  public Ledger getLedger() {
    return ledger;
  }

  public Db getDb() {
    return db;
  }

  public Auth0 getAuth0() {
    return auth0;
  }

  public Web getWeb() {
    return web;
  }

  /** Names the properties that are set, never their values (secrets among them). */
  @Override
  public String toString() {
    return "UserSdkProperties" + settings(Map.of()).keySet();
  }
}
