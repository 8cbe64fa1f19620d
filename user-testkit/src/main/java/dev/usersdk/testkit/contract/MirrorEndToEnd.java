package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.event.EventSink;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.mirror.HostFields;
import dev.usersdk.mirror.HostUpdate;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.mirror.MirroredUser;
import dev.usersdk.mirror.UserMirror;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.DirectUserSource;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.Users;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner and a mirror on two different databases, events carried by a real transport: every
 * step of a user's life arrives and the mirror equals the owner after each; an outage of the
 * transport is repaired by {@code sync()}, an edit behind the mirror's back by {@code resync()},
 * and {@code getOrSync} fetches a user whose events have not arrived.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class MirrorEndToEnd {
  private static final Password PASSWORD = Password.of("correct horse battery");

  /** Carries the owner's events to the mirror. */
  public interface Transport extends AutoCloseable {
    /** The owner's sink, handing each event's JSON to {@code receiver} on the other side. */
    EventSink sink(Consumer<String> receiver);

    /** Returns once every event the owner's relay handed over has been applied by the mirror. */
    default void settle() {}

    /** Makes the transport fail ({@code true}) until restored ({@code false}). */
    void cut(boolean down);

    @Override
    void close();
  }

  /** The owner's stores, on one database, emptied. */
  protected abstract Stores ownerStores();

  /** The mirror's store, on another database, emptied. */
  protected abstract MirrorStore mirrorStore();

  protected abstract Transport transport();

  /** Changes a mirrored user's email directly, behind the mirror's back. */
  protected abstract void overwriteEmail(UserId userId, String email);

  protected ManualClock clock;
  protected RecordingNotifier notifier;
  protected UserClient owner;
  protected UserMirror mirror;
  protected Transport transport;
  private User admin;

  @BeforeEach
  void open() {
    // Real time: webhook signatures are checked against the receiver's clock.
    clock = ManualClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    notifier = new RecordingNotifier();
    transport = transport();
    owner = UserClient.builder().stores(ownerStores()).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).requireApproval(true)
            .auth(AuthConfig.builder().jwtSecret("an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                .build())
            .build())
        .subscribe(Subscription.of("mirror", transport.sink(json -> mirror.apply(json))))
        .relayConfig(RelayConfig.defaults().withRetrySchedule(List.of(Duration.ofSeconds(5))))
        .build();
    mirror = UserMirror.builder(mirrorStore()).source(DirectUserSource.of(owner)).hostFields(HostFields.seeds())
        .clock(clock).build();
    admin = owner.users().create(NewUser.email("admin@example.com").admin(true).status(UserStatus.APPROVED));
    deliver();
  }

  @AfterEach
  void close() {
    owner.close();
    mirror.close();
    transport.close();
  }

  /** The owner's relay delivers what is due; the transport lands it. */
  private void deliver() {
    owner.events().runOnce();
    transport.settle();
  }

  private void assertMirrored(UserId id) {
    assertThat(mirror.find(id).map(MirroredUser::user)).as("the mirror of %s", id).isEqualTo(owner.users().find(id));
  }

  @Test
  void everyStepOfAUsersLifeArrivesAndTheMirrorEqualsTheOwnerAfterEach() {
    owner.auth().register("ann@example.com", PASSWORD, "Ann");
    User ann = owner.auth().confirmRegistration("ann@example.com", notifier.lastCode("ann@example.com").orElseThrow());
    deliver();
    assertMirrored(ann.id());
    assertThat(mirror.find(ann.id()).orElseThrow().user().status()).isEqualTo(UserStatus.PENDING);
    assertThat(mirror.find(ann.id()).orElseThrow().host().get(HostFields.PLAN_TIER)).isEqualTo("free");
    mirror.updateHostFields(ann.id(), HostUpdate.of().set(HostFields.PLAN_TIER, "pro"));

    owner.users().approve(ann.id(), admin.id());
    deliver();
    assertMirrored(ann.id());
    assertThat(mirror.find(ann.id()).orElseThrow().user().approvedBy()).contains(admin.id());

    owner.users().updateProfile(ann.id(), ProfileUpdate.of().company("Acme").phone("+1 555 0100"));
    deliver();
    assertMirrored(ann.id());

    owner.users().disable(ann.id());
    deliver();
    assertMirrored(ann.id());
    assertThat(mirror.find(ann.id()).orElseThrow().host().get(HostFields.PLAN_TIER)).as("the host's own")
        .isEqualTo("pro");

    owner.users().delete(ann.id());
    deliver();
    assertThat(mirror.find(ann.id())).isEmpty();
  }

  @Test
  void anOutageOfTheTransportIsRepairedBySyncAndLateDeliveriesChangeNothing() {
    User ann = owner.users().create(NewUser.email("ann@example.com").status(UserStatus.APPROVED));
    deliver();
    transport.cut(true);
    owner.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    User bob = owner.users().create(NewUser.email("bob@example.com"));
    owner.users().disable(ann.id());
    deliver();
    assertThat(mirror.find(bob.id())).as("nothing arrived").isEmpty();

    clock.advance(Users.FEED_SETTLE);
    mirror.sync();
    assertMirrored(ann.id());
    assertMirrored(bob.id());
    assertThat(mirror.health().inStep()).isTrue();

    transport.cut(false);
    clock.advance(Duration.ofSeconds(5));
    deliver(); // the retries, older than what sync applied
    assertMirrored(ann.id());
    assertMirrored(bob.id());
    assertThat(owner.events().backlog("mirror")).isZero();
  }

  @Test
  void resyncRepairsAnEditBehindTheMirrorsBackAndGetOrSyncFetchesAUserNotYetArrived() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    deliver();
    overwriteEmail(ann.id(), "mallory@example.com");
    assertThat(mirror.find(ann.id()).orElseThrow().user().email().orElseThrow().value())
        .isEqualTo("mallory@example.com");
    clock.advance(Users.FEED_SETTLE);
    mirror.resync();
    assertMirrored(ann.id());

    User bob = owner.users().create(NewUser.email("bob@example.com")); // not delivered
    assertThat(mirror.find(bob.id())).isEmpty();
    assertThat(mirror.getOrSync(bob.id()).map(MirroredUser::user)).contains(bob);
  }
}
