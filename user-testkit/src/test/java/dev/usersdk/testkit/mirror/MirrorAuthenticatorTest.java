package dev.usersdk.testkit.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.SigningKeys;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.Subscription;
import dev.usersdk.mirror.HostFields;
import dev.usersdk.mirror.MirrorAuthenticator;
import dev.usersdk.mirror.MirrorStaleException;
import dev.usersdk.mirror.UserMirror;
import dev.usersdk.testkit.DirectUserSource;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.memory.InMemoryMirrorStore;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service that mirrors the owner's users verifies the owner's ES256 access tokens with the
 * published public keys and checks each caller against its mirror: a user disabled at the owner is
 * refused as soon as that event is applied, and a mirror that cannot prove it is fresh refuses all.
 */
class MirrorAuthenticatorTest {
  private static final Password PASSWORD = Password.of("correct horse battery");

  private final ManualClock clock = ManualClock.create();
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final List<DeliveredEvent> events = new CopyOnWriteArrayList<>();
  private ECKey key;
  private UserClient owner;
  private DirectUserSource source;
  private UserMirror mirror;

  @BeforeEach
  void open() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
    owner = UserClient.builder().stores(InMemoryStores.create()).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .auth(AuthConfig.builder().signingKeys(SigningKeys.es256(key.toJSONString()))
                .jwtSecret("an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8)).build())
            .build())
        .subscribe(Subscription.of("mirror", events::add)).build();
    source = DirectUserSource.of(owner);
    mirror = UserMirror.builder(InMemoryMirrorStore.create()).source(source).hostFields(HostFields.seeds())
        .clock(clock).build();
  }

  @AfterEach
  void close() {
    owner.close();
    mirror.close();
  }

  private void deliver() {
    events.clear();
    owner.events().runOnce();
    events.forEach(event -> mirror.apply(event.json()));
  }

  private User registered(String email) {
    owner.auth().register(email, PASSWORD, "Ann");
    return owner.auth().confirmRegistration(email, notifier.lastCode(email).orElseThrow());
  }

  private MirrorAuthenticator authenticator() {
    return MirrorAuthenticator.builder(mirror, owner.auth().publicKeys()).clock(clock).build();
  }

  @Test
  void aCallerIsTheMirroredUserAndADisabledOneIsRefusedAsSoonAsTheEventArrives() {
    User ann = registered("ann@example.com");
    String token = owner.auth().login("ann@example.com", PASSWORD).accessToken();
    deliver();
    MirrorAuthenticator auth = authenticator();

    assertThat(auth.authenticate(token).user().id()).isEqualTo(ann.id());
    assertThat(auth.authenticate(token).host().get(HostFields.PLAN_TIER)).isEqualTo("free");

    owner.users().disable(ann.id());
    assertThat(auth.authenticate(token).user().id()).as("the event has not arrived yet").isEqualTo(ann.id());
    deliver();
    assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOf(AccountDisabledException.class);

    owner.users().enable(ann.id());
    deliver();
    assertThat(auth.authenticate(token).user().id()).isEqualTo(ann.id());
    owner.users().delete(ann.id());
    deliver();
    assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aRememberedTokenStillExpires() {
    registered("ann@example.com");
    String token = owner.auth().login("ann@example.com", PASSWORD).accessToken();
    deliver();
    MirrorAuthenticator auth = authenticator();
    auth.authenticate(token);
    clock.advance(Duration.ofMinutes(16)); // access tokens live 15 minutes
    assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void tokensNotSignedByTheOwnersKeysAreRefused() throws Exception {
    registered("ann@example.com");
    deliver();
    MirrorAuthenticator auth = authenticator();
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
    UserClient impostor = UserClient.builder().stores(InMemoryStores.create()).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .auth(AuthConfig.builder().signingKeys(SigningKeys.es256(stranger.toJSONString())).build()).build())
        .build();
    impostor.auth().register("ann@example.com", PASSWORD, "Ann");
    impostor.auth().confirmRegistration("ann@example.com", notifier.lastCode("ann@example.com").orElseThrow());
    String forged = impostor.auth().login("ann@example.com", PASSWORD).accessToken();

    assertThatThrownBy(() -> auth.authenticate(forged)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.authenticate("not.a.token")).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> auth.authenticate("")).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void withFreshnessRequiredEveryCallFailsClosedWhileTheMirrorCannotProveIt() {
    registered("ann@example.com");
    String token = owner.auth().login("ann@example.com", PASSWORD).accessToken();
    deliver();
    MirrorAuthenticator auth =
        MirrorAuthenticator.builder(mirror, owner.auth().publicKeys()).clock(clock)
            .requireFresh(Duration.ofMinutes(1)).build();
    assertThatThrownBy(() -> auth.authenticate(token)).as("never synced").isInstanceOf(MirrorStaleException.class);
    mirror.sync();
    assertThat(auth.authenticate(token)).isNotNull();

    source.goDown();
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(mirror::sync).isInstanceOf(dev.usersdk.StoreUnavailableException.class);
    assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOf(MirrorStaleException.class);
  }

  @Test
  void aLoginMovesTheUserInTheChangeFeed() {
    User ann = registered("ann@example.com");
    deliver();
    mirror.sync();
    owner.auth().login("ann@example.com", PASSWORD); // its event is lost below
    events.clear();
    owner.events().runOnce();
    clock.advance(dev.usersdk.user.Users.FEED_SETTLE);
    assertThat(mirror.sync()).as("the login is in the feed").isEqualTo(1);
    assertThat(mirror.find(ann.id()).orElseThrow().user()).isEqualTo(owner.users().get(ann.id()));
    assertThat(mirror.find(ann.id()).orElseThrow().user().lastLoginAt()).isPresent();
  }

  @Test
  void theMirrorAcceptsOnlyPublicKeys() throws Exception {
    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
    assertThatThrownBy(() -> MirrorAuthenticator.builder(mirror, "{\"keys\":[" + p384.toPublicJWK().toJSONString()
        + "]}").build()).as("only P-256").isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> MirrorAuthenticator.builder(mirror, "{\"keys\":[" + key.toJSONString() + "]}").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("private");
    assertThatThrownBy(() -> MirrorAuthenticator.builder(mirror, "{\"keys\":[]}").build())
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> MirrorAuthenticator.builder(mirror, "not json").build())
        .isInstanceOf(ConfigurationException.class);
    assertThat(authenticator().toString()).doesNotContain(key.getX().toString());
  }
}
