package dev.usersdk.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A broken observer never changes what a call does or answers. */
class InMemoryObserverTest {

  @Test
  void anObserverThatThrowsIsIgnoredAndTheCallsAnswerAsWithout() {
    AtomicInteger told = new AtomicInteger();
    Observer broken = new Observer() {
      @Override
      public void finished(Operation operation, String outcome, long nanos) {
        told.incrementAndGet();
        throw new IllegalStateException("the metrics backend is down");
      }

      @Override
      public void delivered(String subscription, boolean succeeded, Duration lag) {
        told.incrementAndGet();
        throw new IllegalStateException("the metrics backend is down");
      }
    };
    AtomicInteger delivered = new AtomicInteger();
    try (UserClient client = UserClient.builder().stores(InMemoryStores.create()).clock(ManualClock.create())
        .observer(broken).subscribe(Subscription.of("crm", event -> delivered.incrementAndGet()))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.of(10)).build())
        .build()) {
      User ann = client.users().create(NewUser.email("ann@example.com"));

      Receipt receipt = client.ledger().deduct(ann.id(), Credits.of(3), IdempotencyKey.of("run-1"));
      assertThat(receipt.replayed()).isFalse();
      assertThat(client.ledger().balance(ann.id()).available()).isEqualTo(Credits.of(7));
      assertThat(client.ledger().deduct(ann.id(), Credits.of(3), IdempotencyKey.of("run-1")).replayed())
          .as("the first was charged once, not failed and retried").isTrue();

      int events = client.events().runOnce();
      assertThat(events).isPositive();
      assertThat(delivered.get()).isEqualTo(events);
      assertThat(client.events().runOnce()).as("each delivered once: none left, none resent").isZero();
      assertThat(told.get()).as("the observer was called, and threw").isGreaterThanOrEqualTo(2 + events);
    }
  }
}
