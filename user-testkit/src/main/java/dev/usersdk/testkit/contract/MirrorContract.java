package dev.usersdk.testkit.contract;

import dev.usersdk.user.Email;
import dev.usersdk.user.Users;
import dev.usersdk.testkit.DirectUserSource;
import dev.usersdk.mirror.MirrorStaleException;
import dev.usersdk.mirror.MirrorHealth;
import dev.usersdk.StoreUnavailableException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.EventFormatException;
import dev.usersdk.event.Subscription;
import dev.usersdk.ledger.Credits;
import dev.usersdk.mirror.ApplyResult;
import dev.usersdk.mirror.HostField;
import dev.usersdk.mirror.HostFields;
import dev.usersdk.mirror.HostUpdate;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.mirror.MirroredUser;
import dev.usersdk.mirror.UserMirror;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user mirror on a given store: events applied in any order, repeated and late, end in exactly
 * the owner's state; deletions hold; host fields and the owner's fields each change only through
 * their own door. The events come from a real owner (a {@link UserClient} on in-memory stores).
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class MirrorContract {
  private static final HostField<String> EMAIL_LOOKALIKE = HostField.text("email", null);

  protected ManualClock clock;
  protected UserClient owner;
  /** Every event the owner wrote, as delivered. */
  protected final List<DeliveredEvent> events = new CopyOnWriteArrayList<>();
  protected UserMirror mirror;

  /** A fresh, empty mirror store; closed after each test. */
  protected abstract MirrorStore createStore();

  /**
   * Changes the stored email of a mirrored user directly, as the host's own code (or an accident)
   * would, behind the mirror's back and without a new version.
   */
  protected abstract void overwriteEmail(UserId userId, String email);

  protected MirrorStore store;
  protected DirectUserSource source;

  /** Users and events of the shuffle test: 500 users and 10,000 events unless a store needs less. */
  protected int users() {
    return 500;
  }

  protected int eventCount() {
    return 10_000;
  }

  @BeforeEach
  void open() {
    clock = ManualClock.create();
    owner = UserClient.builder().stores(InMemoryStores.create()).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO).build())
        .subscribe(Subscription.of("mirror", events::add)).build();
    store = createStore();
    source = DirectUserSource.of(owner);
    mirror = UserMirror.builder(store).source(source).hostFields(HostFields.of(HostFields.ROLE, HostFields.PLAN_TIER,
        HostFields.PERMISSIONS, HostFields.FEATURE_FLAGS, EMAIL_LOOKALIKE)).clock(clock).build();
  }

  @AfterEach
  void close() {
    owner.close();
    mirror.close();
  }

  private List<String> delivered() {
    events.clear();
    owner.events().runOnce();
    return events.stream().map(DeliveredEvent::json).toList();
  }

  @Test
  void shuffledRepeatedAndLateEventsEndInExactlyTheOwnersState() throws Exception {
    Random random = new Random(20261130);
    List<UserId> ids = new ArrayList<>();
    UserId admin = owner.users().create(NewUser.email("admin@example.com").admin(true)).id();
    int made = 1;
    for (int i = 0; i < users(); i++, made++) {
      NewUser user = NewUser.email("user" + i + "@example.com");
      ids.add(owner.users().create(random.nextBoolean() ? user : user.status(UserStatus.PENDING)).id());
    }
    while (made < eventCount()) {
      UserId id = ids.get(random.nextInt(ids.size()));
      User user = owner.users().find(id).orElse(null);
      if (user == null) {
        continue; // deleted: its tombstone was the last event
      }
      made++;
      clock.advance(Duration.ofMillis(1));
      int dice = random.nextInt(100);
      if (dice < 60) {
        owner.users().updateProfile(id, ProfileUpdate.of().name("n" + made).company(random.nextBoolean() ? "c" : null));
      } else if (dice < 70 && user.status() == UserStatus.PENDING) {
        owner.users().approve(id, admin);
      } else if (dice < 80) {
        if (user.status() == UserStatus.DISABLED) {
          owner.users().enable(id);
        } else {
          owner.users().disable(id);
        }
      } else if (dice < 95) {
        owner.users().setAdmin(id, !user.admin());
      } else if (dice < 97) {
        owner.users().delete(id);
      } else {
        owner.users().updateProfile(id, ProfileUpdate.of().phone("+1 555 " + made));
      }
    }
    List<String> jsons = new ArrayList<>(delivered());
    assertThat(jsons).as("one event per change").hasSize(eventCount());
    for (int i = 0, n = jsons.size() / 10; i < n; i++) {
      jsons.add(jsons.get(random.nextInt(jsons.size()))); // repeated deliveries
    }
    Collections.shuffle(jsons, random);
    applyConcurrently(jsons, 4);

    int deleted = 0;
    for (UserId id : ids) {
      var truth = owner.users().find(id);
      var copy = mirror.find(id).map(MirroredUser::user);
      if (truth.isEmpty()) {
        deleted++;
      }
      assertThat(copy).as("user %s", id).isEqualTo(truth);
    }
    assertThat(deleted).as("the run deleted some users").isPositive();
    assertThat(mirror.count()).isEqualTo(ids.size() + 1L - deleted);
    assertThat(mirror.stats().applied()).isEqualTo(jsons.size());
  }

  private void applyConcurrently(List<String> jsons, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < jsons.size(); ) {
            mirror.apply(jsons.get(i));
          }
          return null;
        }));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void newRowsTakeTheHostsDefaults() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    delivered().forEach(mirror::apply);
    MirroredUser copy = mirror.find(ann.id()).orElseThrow();
    assertThat(copy.user()).isEqualTo(owner.users().get(ann.id()));
    assertThat(copy.host().get(HostFields.PLAN_TIER)).isEqualTo("free");
    assertThat(copy.host().get(HostFields.ROLE)).isEqualTo("standard_user");
    assertThat(copy.host().get(HostFields.PERMISSIONS)).isEmpty();
  }

  @Test
  void eventsNeverTouchHostFields() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    delivered().forEach(mirror::apply);
    mirror.updateHostFields(ann.id(), HostUpdate.of().set(HostFields.PLAN_TIER, "pro")
        .set(HostFields.PERMISSIONS, Set.of("reports.read")).set(EMAIL_LOOKALIKE, "host@example.com"));

    owner.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    List<String> update = delivered();
    assertThat(update).hasSize(1);
    // An event that (wrongly or from a newer producer) carries fields named like host fields.
    String loaded = update.get(0).replace("\"admin\":false", "\"admin\":false,\"plan_tier\":\"enterprise\","
        + "\"role\":\"owner\"").replace("\"data\":{", "\"data\":{\"plan_tier\":\"enterprise\",");
    assertThat(mirror.apply(loaded)).isEqualTo(ApplyResult.APPLIED);

    MirroredUser copy = mirror.find(ann.id()).orElseThrow();
    assertThat(copy.user().profile().name()).isEqualTo("Ann");
    assertThat(copy.host().get(HostFields.PLAN_TIER)).isEqualTo("pro");
    assertThat(copy.host().get(HostFields.ROLE)).isEqualTo("standard_user");
    assertThat(copy.host().get(HostFields.PERMISSIONS)).containsExactly("reports.read");
    assertThat(copy.host().get(EMAIL_LOOKALIKE)).isEqualTo("host@example.com");
  }

  @Test
  void aHostUpdateCannotChangeTheOwnersFields() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    delivered().forEach(mirror::apply);
    User before = mirror.find(ann.id()).orElseThrow().user();

    // A host field may even share a name with an owner's field: it is the host's own value.
    MirroredUser after = mirror.updateHostFields(ann.id(), HostUpdate.of().set(EMAIL_LOOKALIKE, "evil@example.com"));
    assertThat(after.user()).isEqualTo(before);
    assertThat(after.user().email().orElseThrow().value()).isEqualTo("ann@example.com");

    HostField<String> undeclared = HostField.text("status", "DISABLED");
    assertThatThrownBy(() -> mirror.updateHostFields(ann.id(), HostUpdate.of().set(undeclared, "DISABLED")))
        .isInstanceOf(ValidationException.class);
    assertThat(mirror.find(ann.id()).orElseThrow().user()).isEqualTo(before);
    assertThat(mirror.find(ann.id()).orElseThrow().host()).isEqualTo(after.host());
  }

  @Test
  void aDeletionHoldsAgainstLateEvents() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    List<String> created = delivered();
    owner.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    List<String> updated = delivered();
    owner.users().delete(ann.id());
    List<String> deleted = delivered();

    created.forEach(mirror::apply);
    deleted.forEach(mirror::apply);
    updated.forEach(mirror::apply); // late
    created.forEach(mirror::apply); // repeated

    assertThat(mirror.find(ann.id())).isEmpty();
    assertThat(mirror.count()).isZero();
    assertThatThrownBy(() -> mirror.updateHostFields(ann.id(), HostUpdate.of().set(HostFields.PLAN_TIER, "pro")))
        .isInstanceOf(UserNotFoundException.class);
  }

  @Test
  void aDeletionSeenFirstStillHolds() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    List<String> created = delivered();
    owner.users().delete(ann.id());
    delivered().forEach(mirror::apply);
    created.forEach(mirror::apply);
    assertThat(mirror.find(ann.id())).isEmpty();
  }

  @Test
  void unknownTypesAreSkippedAndCountedAndMalformedOnesRefused() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    String created = delivered().get(0);
    assertThat(mirror.apply(created.replace("user.created", "user.passkey_added"))).isEqualTo(ApplyResult.UNKNOWN_TYPE);
    assertThat(mirror.stats().unknownTypes()).isEqualTo(1);
    assertThat(mirror.find(ann.id())).isEmpty();

    assertThatThrownBy(() -> mirror.apply(created.replace("\"user_version\":1", "\"user_version\":\"x\"")))
        .isInstanceOf(EventFormatException.class);
    assertThatThrownBy(() -> mirror.apply("{\"schema\":1")).isInstanceOf(EventFormatException.class);
    assertThat(mirror.find(ann.id())).isEmpty();
    assertThat(mirror.apply(created)).isEqualTo(ApplyResult.APPLIED);
    assertThat(mirror.find(ann.id())).isPresent();
  }

  // ----- reading the source ---------------------------------------------------------------------

  @Test
  void syncCatchesUpAfterTheTransportWasDown() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    User bob = owner.users().create(NewUser.email("bob@example.com"));
    owner.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    owner.users().delete(bob.id());
    delivered(); // lost: never applied
    clock.advance(Users.FEED_SETTLE);

    assertThat(mirror.sync()).isEqualTo(2);
    assertThat(mirror.find(ann.id()).map(MirroredUser::user)).isEqualTo(owner.users().find(ann.id()));
    assertThat(mirror.find(bob.id())).isEmpty();
    assertThat(mirror.sync()).as("resumes from its cursor").isZero();
    assertThat(mirror.health().inStep()).isTrue();
  }

  @Test
  void resyncRepairsRowsEditedBehindTheMirrorsBackAndRemovesUnknownOnes() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    User bob = owner.users().create(NewUser.email("bob@example.com"));
    delivered().forEach(mirror::apply);
    mirror.updateHostFields(ann.id(), HostUpdate.of().set(HostFields.PLAN_TIER, "pro"));
    overwriteEmail(ann.id(), "mallory@example.com");
    UserId stranger = UserId.of(java.util.UUID.randomUUID());
    store.apply(new dev.usersdk.mirror.MirrorRow(stranger, 1,
        User.builder(stranger).email(Email.of("stranger@example.com")).createdAt(clock.instant()).updatedAt(clock.instant()).version(1).build(), HostFields.seeds().defaults().toJson(), clock.instant()));
    assertThat(mirror.find(ann.id()).orElseThrow().user().email().orElseThrow().value()).isEqualTo("mallory@example.com");
    clock.advance(Users.FEED_SETTLE);

    assertThat(mirror.resync().removed()).isEqualTo(1);
    MirroredUser repaired = mirror.find(ann.id()).orElseThrow();
    assertThat(repaired.user()).isEqualTo(owner.users().get(ann.id()));
    assertThat(repaired.host().get(HostFields.PLAN_TIER)).as("host values kept").isEqualTo("pro");
    assertThat(mirror.find(stranger)).isEmpty();
    assertThat(mirror.find(bob.id())).isPresent();
  }

  @Test
  void resyncKeepsUsersTooYoungForTheFeed() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    delivered().forEach(mirror::apply);
    assertThat(mirror.resync().removed()).isZero();
    assertThat(mirror.find(ann.id())).isPresent();
  }

  @Test
  void getOrSyncFetchesAUserWhoseEventsHaveNotArrived() {
    User ann = owner.users().create(NewUser.email("ann@example.com"));
    assertThat(mirror.find(ann.id())).isEmpty();
    MirroredUser fetched = mirror.getOrSync(ann.id()).orElseThrow();
    assertThat(fetched.user()).isEqualTo(ann);
    assertThat(fetched.host().get(HostFields.PLAN_TIER)).isEqualTo("free");
    assertThat(mirror.find(ann.id())).as("kept").isPresent();
    assertThat(mirror.getOrSync(UserId.of(java.util.UUID.randomUUID()))).isEmpty();
  }

  @Test
  void healthComparesCountsChecksumsAndHowFarBehind() {
    owner.users().create(NewUser.email("ann@example.com"));
    clock.advance(Users.FEED_SETTLE);
    mirror.sync();
    MirrorHealth inStep = mirror.health();
    assertThat(inStep.inStep()).isTrue();
    assertThat(inStep.usersHere()).isEqualTo(1);
    assertThat(inStep.usersAtSource()).isEqualTo(1);
    assertThat(inStep.changesBehind()).isZero();
    assertThat(inStep.lag()).contains(Users.FEED_SETTLE);

    User bob = owner.users().create(NewUser.email("bob@example.com"));
    clock.advance(Users.FEED_SETTLE);
    MirrorHealth behind = mirror.health();
    assertThat(behind.inStep()).isFalse();
    assertThat(behind.changesBehind()).isEqualTo(1);
    assertThat(behind.lag()).contains(Users.FEED_SETTLE.multipliedBy(2));
    delivered().forEach(mirror::apply);
    assertThat(mirror.health().inStep()).as("an event brings it back in step").isTrue();
    assertThat(mirror.find(bob.id())).isPresent();
  }

  @Test
  void requireFreshFailsClosedWhenTheMirrorCannotProveItIsFresh() {
    assertThatThrownBy(() -> mirror.requireFresh(Duration.ofMinutes(5))).isInstanceOf(MirrorStaleException.class);
    mirror.sync();
    mirror.requireFresh(Duration.ofMinutes(1));

    source.goDown();
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(mirror::sync).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> mirror.requireFresh(Duration.ofMinutes(1)))
        .isInstanceOf(MirrorStaleException.class).hasMessageContaining("90 s ago");
    source.comeBack();
    mirror.sync();
    mirror.requireFresh(Duration.ofMinutes(1));
  }

  @Test
  void theOwnersLinkToItsIdentityProviderIsNeverMirrored() {
    User auth0 = owner.users().create(NewUser.external(dev.usersdk.user.AuthProvider.AUTH0, "auth0|123")
        .withEmail("zed@example.com"));
    assertThat(auth0.externalSubject()).contains("auth0|123");
    MirroredUser fetched = mirror.getOrSync(auth0.id()).orElseThrow();
    assertThat(fetched.user().externalSubject()).as("by getOrSync").isEmpty();
    assertThat(fetched.user().authProvider()).isEqualTo(dev.usersdk.user.AuthProvider.AUTH0);
    assertThat(fetched.user()).isEqualTo(auth0.toBuilder().externalSubject(null).build());
  }
}
