package dev.usersdk.testkit.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.EventSink;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.ledger.Credits;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A batch stops when its sink is down or its lease is half gone: the rest stay leased, unsent and
 * uncounted, and go out after the lease, so a dead endpoint is not called 200 times per claim and
 * no delivery is sent after another relay may have claimed it.
 */
class RelayCutOffTest {
  private static final int USERS = 40;

  private final ManualClock clock = ManualClock.create();
  private final List<DeliveredEvent> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  private UserClient client(RelayConfig relay, EventSink sink) {
    UserClient client = UserClient.builder().stores(InMemoryStores.create()).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO).build())
        .subscribe(Subscription.of("hooks", sink)).relayConfig(relay).build();
    for (int i = 0; i < USERS; i++) {
      client.users().create(NewUser.email("u" + i + "@example.com"));
    }
    assertThat(client.events().backlog("hooks")).isEqualTo(USERS);
    return client;
  }

  @Test
  void aSinkThatIsDownIsNotCalledForTheWholeBatch() {
    AtomicBoolean down = new AtomicBoolean(true);
    try (UserClient client = client(RelayConfig.defaults(), event -> {
      calls.incrementAndGet();
      if (down.get()) {
        throw new IllegalStateException("connection refused");
      }
      received.add(event);
    })) {
      assertThat(client.events().runOnce()).isZero();
      int tried = calls.get();
      assertThat(tried).as("one wave of 8 at once, plus those already started").isBetween(8, 16);
      assertThat(client.events().deadLetters("hooks", 0, 100)).isEmpty();
      assertThat(client.events().backlog("hooks")).isEqualTo(USERS);

      down.set(false);
      clock.advance(Duration.ofSeconds(5));
      assertThat(client.events().runOnce()).as("the ones tried, on their retry schedule").isEqualTo(tried);
      assertThat(received).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(2));
      clock.advance(RelayConfig.defaults().lease());
      assertThat(client.events().runOnce()).as("the rest, once their lease ended").isEqualTo(USERS - tried);
      assertThat(received.subList(tried, USERS)).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(1));
      assertThat(received.stream().map(DeliveredEvent::id).distinct()).hasSize(USERS);
    }
  }

  @Test
  void oneRefusedEventDoesNotStopTheBatch() {
    try (UserClient client = client(RelayConfig.defaults().withConcurrency(1), event -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("400 for this one");
      }
      received.add(event);
    })) {
      assertThat(client.events().runOnce()).isEqualTo(USERS - 1);
    }
  }

  @Test
  void noDeliveryIsSentOnceHalfTheLeaseHasPassed() {
    try (UserClient client = client(RelayConfig.defaults().withConcurrency(1).withLease(Duration.ofSeconds(2)),
        event -> {
          clock.advance(Duration.ofMillis(250)); // each delivery takes a quarter of a second
          received.add(event);
        })) {
      assertThat(client.events().runOnce()).as("1 s of 250 ms deliveries").isEqualTo(4);
      assertThat(client.events().runOnce()).as("the rest are leased").isZero();
      clock.advance(Duration.ofSeconds(2));
      assertThat(client.events().runOnce()).isPositive();
    }
  }

}
