package dev.usersdk.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.VerifiedIdentity;
import dev.usersdk.auth.TokenVerifierUnavailableException;
import dev.usersdk.ledger.Credits;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.FakeAuth0;
import dev.usersdk.testkit.TokenSpellings;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authenticator against {@link FakeAuth0}: real HTTP to a loopback JWKS endpoint, tokens
 * minted by JDK code that shares nothing with the verifier. Cache times are shortened (the
 * behaviour is the same at five minutes), and waits are real: nimbus' caches run on the system clock.
 */
class Auth0AuthenticatorTest {
  private static final String API = "https://api.example.com";

  private FakeAuth0 auth0;
  private final List<Auth0Authenticator> opened = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
    auth0 = FakeAuth0.start();
  }

  @AfterEach
  void stop() {
    opened.forEach(Auth0Authenticator::close);
    auth0.close();
  }

  private Auth0Authenticator authenticator(UnaryOperator<Auth0Authenticator.Builder> settings) {
    Auth0Authenticator authenticator = settings.apply(Auth0Authenticator.forDomain("tenant.example.com")
        .issuer(auth0.issuer()).jwksUri(auth0.jwksUri()).audience(API)).build();
    opened.add(authenticator);
    return authenticator;
  }

  private Auth0Authenticator authenticator() {
    return authenticator(b -> b);
  }

  /** Short caches: 1.5 s keys, refetch for unknown kids at most every second. */
  private Auth0Authenticator quickCaches(UnaryOperator<Auth0Authenticator.Builder> more) {
    return authenticator(b -> more.apply(b.cacheTtl(Duration.ofMillis(1500)).refreshAhead(Duration.ofMillis(100))
        .connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(500))
        .unknownKidRefetchInterval(Duration.ofSeconds(1))));
  }

  private UserClient client(Auth0Authenticator authenticator, UnaryOperator<UserSdkConfig.Builder> config) {
    return client(InMemoryStores.create(), authenticator, config);
  }

  private UserClient client(Stores stores, Auth0Authenticator authenticator,
      UnaryOperator<UserSdkConfig.Builder> config) {
    return UserClient.builder().stores(stores)
        .config(config.apply(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .auth(AuthConfig.builder().modes(AuthMode.AUTH0, AuthMode.PASSWORD).build())).build())
        .authenticator(authenticator).build();
  }

  private String token() {
    return auth0.token().subject("auth0|ann").audience(API).sign();
  }

  private static void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  // ----- a valid token ---------------------------------------------------------------------------

  @Test
  void acceptsAValidTokenAndReturnsItsClaims() {
    Instant expiry = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String token = auth0.token().subject("auth0|ann").audience("https://other.example.com", API)
        .expiresAt(expiry).claim("email", "ann@example.com").claim("email_verified", true)
        .claim("permissions", List.of("read:runs")).sign();

    VerifiedToken verified = authenticator().validate(token);

    assertThat(verified.subject()).isEqualTo("auth0|ann");
    assertThat(verified.issuer()).isEqualTo(auth0.issuer());
    assertThat(verified.audience()).containsExactly("https://other.example.com", API);
    assertThat(verified.expiresAt()).isEqualTo(expiry);
    assertThat(verified.email()).contains("ann@example.com");
    assertThat(verified.emailVerified()).isTrue();
    assertThat(verified.claim("permissions")).contains(List.of("read:runs"));
    assertThat(verified.toString()).doesNotContain("ann@example.com");
    assertThat(auth0.fetches()).isEqualTo(1);
  }

  @Test
  void authenticatesThroughTheClientCreatingTheUserOnFirstSight() {
    Auth0Authenticator authenticator = authenticator();
    UserClient client = client(authenticator, c -> c.defaultBalance(Credits.of("5.00")));
    String token = auth0.token().subject("auth0|bob").audience(API).claim("email", "Bob@Example.com")
        .claim("email_verified", true).claim("name", "Bob").claim("picture", "https://cdn.example.com/b.png").sign();

    Principal principal = client.auth().authenticate(token);
    Principal again = client.auth().authenticate(token);

    assertThat(principal.mode()).isEqualTo(AuthMode.AUTH0);
    assertThat(principal.provider()).isEqualTo(AuthProvider.AUTH0);
    assertThat(principal.sessionId()).isEmpty();
    assertThat(principal.expiresAt()).isPresent();
    User bob = principal.user();
    assertThat(bob.externalSubject()).contains("auth0|bob");
    assertThat(bob.email()).map(Object::toString).contains("bob@example.com");
    assertThat(bob.emailVerified()).isTrue();
    assertThat(bob.profile().name()).isEqualTo("Bob");
    assertThat(bob.profile().pictureUrl()).isEqualTo("https://cdn.example.com/b.png");
    assertThat(again.userId()).isEqualTo(bob.id());
    assertThat(client.ledger().balance(bob.id()).available()).isEqualTo(Credits.of("5.00"));
    assertThat(client.users().list(UserQuery.all()).items()).hasSize(1);

    String renamed = auth0.token().subject("auth0|bob").audience(API).claim("name", "Robert").sign();
    assertThat(client.auth().authenticate(renamed).user().profile().name()).isEqualTo("Robert");
    assertThat(client.users().get(bob.id()).email()).as("absent claims keep the stored value")
        .map(Object::toString).contains("bob@example.com");
  }

  @Test
  void theClientBuildsThePrincipalWithTheAdminFlagAndTheTokensClaims() {
    Auth0Authenticator authenticator = authenticator();
    Stores stores = InMemoryStores.create();
    UserClient client = client(stores, authenticator, c -> c);
    String annToken = auth0.token().subject("auth0|ann").audience(API)
        .claim("permissions", List.of("read:runs", "write:runs")).sign();
    User ann = client.auth().authenticate(annToken).user();
    String carlToken = auth0.token().subject("auth0|carl").audience(API).sign();
    User carl = client.auth().authenticate(carlToken).user();
    client.users().setAdmin(carl.id(), true);
    UserClient configured = client(stores, authenticator(), c -> c.adminId(ann.id()));

    Principal annAsAdmin = configured.auth().authenticate(annToken);
    Principal carlAsAdmin = client.auth().authenticate(carlToken);
    Principal annPlain = client.auth().authenticate(annToken);

    assertThat(annAsAdmin.admin()).isTrue().isEqualTo(annAsAdmin.user().admin());
    assertThat(carlAsAdmin.admin()).isTrue().isEqualTo(carlAsAdmin.user().admin());
    assertThat(annPlain.admin()).isFalse().isEqualTo(annPlain.user().admin());
    assertThat(annPlain.claims()).containsEntry("permissions", List.of("read:runs", "write:runs"))
        .containsEntry("sub", "auth0|ann");
    assertThat(annPlain.toString()).contains("permissions").doesNotContain("write:runs");
    VerifiedIdentity verified = authenticator.verify(annToken);
    assertThat(verified.identity().subject()).isEqualTo("auth0|ann");
    assertThat(verified.issuer()).isEqualTo(auth0.issuer());
  }

  @Test
  void theTokensRolesAndPermissionsAreOnThePrincipalBesideThoseGrantedInUsersdk() {
    Auth0Authenticator authenticator = authenticator(b -> b.claimNamespace("https://api.example.com/"));
    Stores stores = InMemoryStores.create();
    UserClient client = client(stores, authenticator,
        c -> c.role("support", "users:approve", "reports:read").role("auditor", "audit:read"));
    User admin = client.users().create(dev.usersdk.user.NewUser.email("admin@example.com").admin(true));
    String token = auth0.token().subject("auth0|ann").audience(API)
        .claim("permissions", List.of("read:runs", "write:runs"))
        .claim("https://api.example.com/roles", List.of("support", "Team Lead")).sign();

    Principal fromToken = client.auth().authenticate(token);
    assertThat(fromToken.roles()).containsExactly("support", "Team Lead");
    assertThat(fromToken.permissions()).as("the configured support role's host permissions, and the token's own")
        .containsExactlyInAnyOrder("reports:read", "read:runs", "write:runs");
    assertThat(fromToken.hasPermission("write:runs")).isTrue();
    assertThat(fromToken.hasPermission("audit:read")).isFalse();

    client.roles().grant(fromToken.userId(), "auditor", admin.id());
    Principal withGrant = client.auth().authenticate(token);
    assertThat(withGrant.roles()).containsExactlyInAnyOrder("auditor", "support", "Team Lead");
    assertThat(withGrant.hasPermission("audit:read")).isTrue();

    String grabby = auth0.token().subject("auth0|ann").audience(API)
        .claim("permissions", List.of("users:approve", "*", "credits:adjust", "read:runs"))
        .claim("https://api.example.com/roles", List.of("support")).sign();
    Principal claimsOnly = client.auth().authenticate(grabby);
    assertThat(claimsOnly.permissions()).as("usersdk's own permissions only come from usersdk's roles")
        .containsExactlyInAnyOrder("audit:read", "reports:read", "read:runs");
    assertThat(claimsOnly.hasPermission("users:approve")).isFalse();
    assertThat(claimsOnly.hasPermission("anything")).isFalse();

    Auth0Authenticator otherClaims = authenticator(b -> b.rolesClaim("groups").permissionsClaim("scope"));
    VerifiedIdentity scoped = otherClaims.verify(auth0.token().subject("auth0|ann").audience(API)
        .claim("scope", "read:runs  openid").claim("groups", List.of("ops", 7)).sign());
    assertThat(scoped.permissions()).as("a space-separated claim").containsExactly("read:runs", "openid");
    assertThat(scoped.roles()).as("strings only").containsExactly("ops");
    assertThat(authenticator().verify(token).roles()).as("no roles claim without a namespace or a name").isEmpty();
  }

  @Test
  void acceptsATokenOnlyInItsCanonicalSpelling() {
    Auth0Authenticator authenticator = authenticator();
    String token = token();
    assertThat(authenticator.validate(token).subject()).isEqualTo("auth0|ann");

    List<TokenSpellings.Spelling> spellings = TokenSpellings.of(token);
    assertThat(spellings).hasSizeGreaterThan(10);
    for (TokenSpellings.Spelling spelling : spellings) {
      assertThatThrownBy(() -> authenticator.validate(spelling.token())).as(spelling.change())
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> authenticator.verify(spelling.token())).as(spelling.change())
          .isInstanceOf(InvalidTokenException.class);
    }
  }

  @Test
  void aNullSettingIsAConfigurationError() {
    Auth0Authenticator.Builder builder = Auth0Authenticator.forDomain("tenant.eu.auth0.com");
    assertThatThrownBy(() -> builder.audience((String[]) null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> builder.clockSkew(null)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clockSkew");
    assertThatThrownBy(() -> builder.jwksUri(null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> builder.algorithms((String[]) null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> builder.issuer(null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> builder.cacheTtl(null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> builder.provider(null)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void enforcesTheAccountStatusAndTheConfiguredInitialStatus() {
    UserClient client = client(authenticator(b -> b.initialStatus(UserStatus.PENDING)), c -> c);

    assertThatThrownBy(() -> client.auth().authenticate(token())).isInstanceOf(AccountPendingException.class);
    User ann = client.users().findByExternalSubject(AuthProvider.AUTH0, "auth0|ann").orElseThrow();
    client.users().approve(ann.id(), client.users().create(NewUser.email("admin@example.com").admin(true)).id());
    assertThat(client.auth().authenticate(token()).userId()).isEqualTo(ann.id());
    client.users().disable(ann.id());
    assertThatThrownBy(() -> client.auth().authenticate(token())).isInstanceOf(AccountDisabledException.class);
  }

  @Test
  void readsNamespacedClaimsAndFallsBackToTheStandardOnes() {
    Auth0Authenticator authenticator = authenticator(b -> b.claimNamespace(API));
    String namespaced = auth0.token().audience(API).claim(API + "/email", "ann@example.com")
        .claim(API + "/email_verified", true).claim("name", "Ann").sign();

    VerifiedToken verified = authenticator.validate(namespaced);

    assertThat(verified.email()).contains("ann@example.com");
    assertThat(verified.emailVerified()).isTrue();
    assertThat(verified.name()).contains("Ann");
  }

  @Test
  void linksAVerifiedEmailToAPasswordAccountOnlyWhenConfigured() {
    UserClient plain = client(authenticator(), c -> c);
    User annPlain = plain.users().create(NewUser.email("ann@example.com"));
    UserClient linking = client(authenticator(b -> b.linkVerifiedEmail(true)), c -> c);
    dev.usersdk.auth.password.Password password = dev.usersdk.auth.password.Password.of("correct horse battery staple");
    User annLinking = linking.auth().createUser(NewUser.email("ann@example.com").emailVerified(true), password);
    String token = auth0.token().subject("auth0|ann").audience(API).claim("email", "ann@example.com")
        .claim("email_verified", true).sign();

    assertThat(plain.auth().authenticate(token).userId()).isNotEqualTo(annPlain.id());
    assertThat(linking.auth().authenticate(token).userId()).isEqualTo(annLinking.id());
    assertThat(linking.auth().login("ann@example.com", password).userId())
        .as("the linked account's password keeps working").isEqualTo(annLinking.id());
  }

  // ----- keys: rotation, unknown kids, outages -----------------------------------------------------

  @Test
  void acceptsARotatedKeyAfterOneFetch() throws Exception {
    // A long cache, so that no scheduled refresh muddles the count.
    Auth0Authenticator authenticator = authenticator(b -> b.unknownKidRefetchInterval(Duration.ofSeconds(1)));
    String oldToken = token();
    authenticator.validate(oldToken);
    assertThat(auth0.fetches()).isEqualTo(1);

    sleep(Duration.ofMillis(1100)); // past the unknown-kid refetch interval
    auth0.rotate();
    String newToken = token();
    assertThat(authenticator.validate(newToken).subject()).isEqualTo("auth0|ann");
    assertThat(auth0.fetches()).as("one fetch for the new kid").isEqualTo(2);
    authenticator.validate(newToken);
    authenticator.validate(oldToken);
    assertThat(auth0.fetches()).as("both keys cached").isEqualTo(2);
  }

  @Test
  void rejectsARemovedKeyOnceTheCacheExpires() throws Exception {
    Auth0Authenticator authenticator = quickCaches(b -> b);
    FakeAuth0.Key old = auth0.signingKey();
    String oldToken = token();
    authenticator.validate(oldToken);
    auth0.rotate();
    String newToken = token();

    auth0.remove(old);
    assertThat(authenticator.validate(oldToken).subject()).as("still cached").isEqualTo("auth0|ann");
    sleep(Duration.ofMillis(1800)); // past the cache time

    assertThatThrownBy(() -> authenticator.validate(oldToken)).isInstanceOf(InvalidTokenException.class);
    assertThat(authenticator.validate(newToken).subject()).isEqualTo("auth0|ann");
  }

  @Test
  void refreshesTheKeysAheadOfExpiryWithoutARequest() throws Exception {
    Auth0Authenticator authenticator = quickCaches(b -> b);
    authenticator.validate(token());

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (auth0.fetches() < 2 && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(20));
    }

    assertThat(auth0.fetches()).as("refreshed on schedule, with no request asking").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aStormOfUnknownKidsIsRefusedWithBoundedFetchesAndValidTokensStillPass() {
    Auth0Authenticator authenticator = authenticator();
    String valid = token();
    authenticator.validate(valid);
    FakeAuth0.Key attacker = auth0.addKey(2048, "sig", "RS256");
    auth0.remove(attacker);

    for (int i = 0; i < 500; i++) {
      String junk = auth0.token().audience(API).signedWith(attacker).kid("junk-" + UUID.randomUUID()).sign();
      assertThatThrownBy(() -> authenticator.validate(junk)).isInstanceOf(InvalidTokenException.class);
      assertThat(authenticator.validate(valid).subject()).isEqualTo("auth0|ann");
    }

    assertThat(auth0.fetches()).as("first fetch + at most one refetch per 30 s").isLessThanOrEqualTo(2);
  }

  @Test
  void keepsAcceptingKnownKeysThroughAnOutageWithinTheTolerance() throws Exception {
    Auth0Authenticator authenticator = quickCaches(b -> b.outageTolerance(Duration.ofMinutes(10)));
    String token = token();
    authenticator.validate(token);

    auth0.outage();
    sleep(Duration.ofMillis(1800)); // the cache has expired; refreshes now fail

    assertThat(authenticator.validate(token).subject()).isEqualTo("auth0|ann");
    assertThat(auth0.fetches()).as("the expired cache tried the endpoint").isGreaterThan(1);
  }

  @Test
  void reportsItsKeySetForTheHealthCheckWithoutFetching() {
    Auth0Authenticator authenticator = authenticator();
    dev.usersdk.health.KeySetHealth before = authenticator.keySetHealth().orElseThrow();
    assertThat(before.issuer()).isEqualTo(auth0.issuer());
    assertThat(before.status()).as("nothing asked for the keys yet").isEqualTo(dev.usersdk.health.HealthStatus.UP);
    assertThat(before.age()).isEmpty();
    assertThat(auth0.fetches()).as("the report fetches nothing").isZero();

    authenticator.validate(auth0.token().subject("auth0|ann").audience(API).sign());
    dev.usersdk.health.KeySetHealth fetched = authenticator.keySetHealth().orElseThrow();
    assertThat(fetched.status()).isEqualTo(dev.usersdk.health.HealthStatus.UP);
    assertThat(fetched.age()).hasValueSatisfying(age -> assertThat(age).isLessThan(Duration.ofMinutes(1)));
    assertThat(fetched.problem()).isEmpty();

    auth0.outage();
    Auth0Authenticator cut = quickCaches(b -> b);
    assertUnavailable(cut);
    dev.usersdk.health.KeySetHealth failing = cut.keySetHealth().orElseThrow();
    assertThat(failing.status()).isEqualTo(dev.usersdk.health.HealthStatus.DEGRADED);
    assertThat(failing.age()).isEmpty();
    assertThat(failing.problem()).hasValueSatisfying(p -> assertThat(p).contains("could not fetch the key set"));
  }

  @Test
  void failsClosedAndRetryablyWhenNoKeyWasEverFetched() {
    auth0.outage();
    assertUnavailable(quickCaches(b -> b));
  }

  @Test
  void failsClosedOnServerErrorsSlowAndOversizedKeySets() {
    auth0.failWithServerError();
    assertUnavailable(quickCaches(b -> b));

    auth0.slow(Duration.ofSeconds(2));
    assertUnavailable(quickCaches(b -> b));

    auth0.oversized(200_000);
    assertUnavailable(quickCaches(b -> b));

    auth0.respondNormally();
    assertThat(quickCaches(b -> b).validate(token()).subject()).isEqualTo("auth0|ann");
  }

  @Test
  void anEndpointAnsweringGarbageIsUnavailableNotAnEmptyKeySet() {
    auth0.garbage();
    Auth0Authenticator authenticator = authenticator();
    String token = token();

    for (int i = 0; i < 5; i++) { // past the rate limit: still a 503, never a 401
      assertThatThrownBy(() -> authenticator.validate(token)).isInstanceOf(TokenVerifierUnavailableException.class);
    }
  }

  @Test
  void aClosedAuthenticatorRefusesToWork() {
    Auth0Authenticator authenticator = authenticator();
    UserClient client = client(authenticator, c -> c);
    client.close();

    assertThatThrownBy(() -> authenticator.validate(token()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  private void assertUnavailable(Auth0Authenticator authenticator) {
    String token = token();
    assertThatThrownBy(() -> authenticator.validate(token))
        .isInstanceOf(TokenVerifierUnavailableException.class)
        .satisfies(e -> {
          TokenVerifierUnavailableException unavailable = (TokenVerifierUnavailableException) e;
          assertThat(unavailable.retryable()).isTrue();
          assertThat(unavailable.code()).isEqualTo("token_verifier_unavailable");
          assertThat(unavailable.getMessage()).doesNotContain(token);
        });
    // Also through the client: a 503 for the host, not a 401.
    UserClient client = client(authenticator, c -> c);
    assertThatThrownBy(() -> client.auth().authenticate(token)).isInstanceOf(TokenVerifierUnavailableException.class);
  }

  @Test
  void doesNotUseKeysForEncryptionForAnotherAlgorithmOrUnder2048Bits() {
    Auth0Authenticator authenticator = authenticator();
    FakeAuth0.Key encryption = auth0.addKey(2048, "enc", null);
    FakeAuth0.Key otherAlgorithm = auth0.addKey(2048, "sig", "RS512");
    FakeAuth0.Key weak = auth0.addKey(1024, "sig", "RS256");
    FakeAuth0.Key bare = auth0.addKey(2048, null, null);

    for (FakeAuth0.Key refused : List.of(encryption, otherAlgorithm, weak)) {
      String token = auth0.token().audience(API).signedWith(refused).sign();
      assertThatThrownBy(() -> authenticator.validate(token)).as(refused.toString())
          .isInstanceOf(InvalidTokenException.class);
    }
    assertThat(authenticator.validate(auth0.token().audience(API).signedWith(bare).sign()).subject())
        .as("a key without use or alg may sign").isEqualTo("auth0|user");
  }

  @Test
  void ignoresKeysAndKeyUrlsCarriedInTheTokenHeader() {
    Auth0Authenticator authenticator = authenticator();
    try (FakeAuth0 attacker = FakeAuth0.start()) {
      FakeAuth0.Key key = attacker.signingKey();
      String withUrls = attacker.token().issuer(auth0.issuer()).audience(API)
          .header("jku", attacker.jwksUri().toString()).header("x5u", attacker.jwksUri().toString()).sign();
      Map<String, Object> jwk = Map.of("kty", "RSA", "kid", key.kid(),
          "n", Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKey().getModulus().toByteArray()),
          "e", "AQAB");
      String withJwk = attacker.token().issuer(auth0.issuer()).audience(API).header("jwk", jwk).sign();

      assertThatThrownBy(() -> authenticator.validate(withUrls)).isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> authenticator.validate(withJwk)).isInstanceOf(InvalidTokenException.class);
      assertThat(attacker.fetches()).as("the token's jku was never fetched").isZero();
    }
  }

  // ----- refused tokens ----------------------------------------------------------------------------

  @Test
  void refusesWrongIssuerAndAudience() {
    Auth0Authenticator authenticator = authenticator();
    assertRefused(authenticator, auth0.token().audience(API).issuer("https://evil.example.com/").sign(), "issuer");
    assertRefused(authenticator, auth0.token().audience(API).issuer(auth0.issuer() + "x").sign(), "issuer");
    assertRefused(authenticator, auth0.token().audience("https://other.example.com").sign(), "audience");
    assertRefused(authenticator, auth0.token().withoutClaim("aud").sign(), "audience");
  }

  @Test
  void refusesExpiredNotYetValidAndExpiryLessTokens() {
    Auth0Authenticator authenticator = authenticator(b -> b.clockSkew(Duration.ofSeconds(30)));
    Instant now = Instant.now();
    assertRefused(authenticator, auth0.token().audience(API).expiresAt(now.minusSeconds(31)).sign(), "expired");
    assertRefused(authenticator, auth0.token().audience(API).notBefore(now.plusSeconds(120)).sign(), "not valid yet");
    assertRefused(authenticator, auth0.token().audience(API).withoutClaim("exp").sign(), "no expiry");
    assertThat(authenticator.validate(auth0.token().audience(API).expiresAt(now.minusSeconds(10)).sign()).subject())
        .as("within the skew").isEqualTo("auth0|user");
    assertThat(authenticator.validate(auth0.token().audience(API).notBefore(now.plusSeconds(10)).sign()).subject())
        .as("within the skew").isEqualTo("auth0|user");
  }

  @Test
  void refusesUnsignedAndKeyConfusedTokens() {
    Auth0Authenticator authenticator = authenticator();
    authenticator.validate(token()); // keys cached: the refusals below are not for want of them
    assertRefused(authenticator, auth0.token().audience(API).unsigned(), null);
    byte[] publicKeyBytes = auth0.signingKey().publicKey().getEncoded();
    assertRefused(authenticator, auth0.token().audience(API).signHs256(publicKeyBytes), null);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKeyBytes)
        + "\n-----END PUBLIC KEY-----\n";
    assertRefused(authenticator, auth0.token().audience(API).signHs256(pem.getBytes(StandardCharsets.US_ASCII)), null);
  }

  @Test
  void refusesATamperedPayload() {
    Auth0Authenticator authenticator = authenticator();
    String token = auth0.token().subject("auth0|ann").audience(API).sign();
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = payload.replace("auth0|ann", "auth0|admin");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertThat(authenticator.validate(token).subject()).isEqualTo("auth0|ann");
    assertRefused(authenticator, tampered, null);
  }

  @Test
  void refusesOversizedAndMalformedTokensWithoutFetchingKeys() {
    Auth0Authenticator authenticator = authenticator(b -> b.maxTokenLength(4096));
    String oversized = auth0.token().audience(API).claim("padding", "x".repeat(5000)).sign();

    assertRefused(authenticator, oversized, "longer than 4096");
    assertRefused(authenticator, "not-a-jwt", "malformed");
    assertRefused(authenticator, "a.b.c", "malformed");
    assertThat(auth0.fetches()).isZero();
    assertThat(authenticator.handles(oversized)).isFalse();
  }

  private static void assertRefused(Auth0Authenticator authenticator, String token, String reason) {
    assertThatThrownBy(() -> authenticator.validate(token))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(e -> {
          if (reason != null) {
            assertThat(e.getMessage()).contains(reason);
          }
          assertThat(e.getMessage()).doesNotContain(token);
          assertThat(((InvalidTokenException) e).code()).isEqualTo("invalid_token");
        });
  }

  // ----- routing and configuration -----------------------------------------------------------------

  @Test
  void handlesOnlyTokensClaimingItsIssuer() {
    Auth0Authenticator authenticator = authenticator();
    assertThat(authenticator.handles(token())).isTrue();
    assertThat(authenticator.handles(auth0.token().issuer("https://other.example.com/").sign())).isFalse();
    assertThat(authenticator.handles("garbage")).isFalse();
    assertThat(authenticator.handles(null)).isFalse();
    assertThat(authenticator.mode()).isEqualTo(AuthMode.AUTH0);
  }

  @Test
  void passwordTokensAndAuth0TokensWorkSideBySide() {
    UserClient client = client(authenticator(), c -> c);
    client.auth().createUser(NewUser.email("ann@example.com"),
        dev.usersdk.auth.password.Password.of("correct horse battery staple"));
    String password = client.auth().login("ann@example.com",
        dev.usersdk.auth.password.Password.of("correct horse battery staple")).accessToken();

    assertThat(client.auth().authenticate(password).mode()).isEqualTo(AuthMode.PASSWORD);
    assertThat(client.auth().authenticate(token()).mode()).isEqualTo(AuthMode.AUTH0);
    assertThatThrownBy(() -> client.auth().authenticate(auth0.token().issuer("https://other.example.com/").sign()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void buildsFromDomainOrEnvironmentAndRefusesUnsafeSettings() {
    Auth0Authenticator fromDomain = Auth0Authenticator.forDomain("https://tenant.eu.auth0.com/").audience(API).build();
    opened.add(fromDomain);
    assertThat(fromDomain).hasToString("Auth0Authenticator[https://tenant.eu.auth0.com/]");

    Auth0Authenticator fromMap = Auth0Authenticator.fromMap(Map.of(
        Auth0Authenticator.DOMAIN, "tenant.eu.auth0.com", Auth0Authenticator.AUDIENCE, API + ",https://b.example.com",
        Auth0Authenticator.ISSUER, auth0.issuer(), Auth0Authenticator.JWKS_URI, auth0.jwksUri().toString(),
        Auth0Authenticator.CLAIM_NAMESPACE, API));
    opened.add(fromMap);
    assertThat(fromMap.validate(auth0.token().audience("https://b.example.com").claim(API + "/email", "a@example.com").sign())
        .email()).contains("a@example.com");

    assertThatThrownBy(() -> Auth0Authenticator.fromMap(Map.of(Auth0Authenticator.AUDIENCE, API)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(Auth0Authenticator.DOMAIN);
    assertThatThrownBy(() -> Auth0Authenticator.fromMap(Map.of(Auth0Authenticator.DOMAIN, "tenant.eu.auth0.com")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(Auth0Authenticator.AUDIENCE);
    assertThatThrownBy(() -> Auth0Authenticator.forDomain("tenant.eu.auth0.com").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("audience");
    assertThatThrownBy(() -> Auth0Authenticator.forDomain("tenant.eu.auth0.com/evil?x"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Auth0Authenticator.forDomain("t.auth0.com").jwksUri(java.net.URI.create("http://keys.example.com/jwks")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("https");
    assertThatThrownBy(() -> Auth0Authenticator.forDomain("t.auth0.com").algorithms("HS256"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Auth0Authenticator.forDomain("t.auth0.com").algorithms("none"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Auth0Authenticator.forDomain("t.auth0.com").clockSkew(Duration.ofHours(1)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void anyOidcIssuerWorksByItsIssuerUrl() {
    Auth0Authenticator oidc = Auth0Authenticator.forIssuer(auth0.issuer()).audience(API)
        .provider(AuthProvider.of("keycloak")).build();
    opened.add(oidc);
    UserClient client = client(oidc, c -> c);

    Principal principal = client.auth().authenticate(token());

    assertThat(principal.provider()).isEqualTo(AuthProvider.of("keycloak"));
    assertThat(auth0.fetches()).as("keys from {issuer}/.well-known/jwks.json").isEqualTo(1);
  }
}
