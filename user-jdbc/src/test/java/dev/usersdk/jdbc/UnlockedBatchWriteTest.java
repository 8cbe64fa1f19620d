package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ledger.Balance;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.BalanceChangedException;
import dev.usersdk.spi.LedgerStore.StoredBalance;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The write of a coalesced batch evaluated against the balance its account's previous batch left
 * ({@code LedgerStore.writeBatchIfUnchanged}): applied only if the row still holds that balance,
 * and otherwise nothing of it is kept, although PostgreSQL sends the inserts with the update.
 */
class UnlockedBatchWriteTest {
  private TestDatabase db;

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void writesTheBatchOnlyWhileTheRowHoldsTheBalanceItWasEvaluatedAgainst(TestDatabase.Kind kind) {
    db = TestDatabase.create(kind);
    try (JdbcStores stores =
            JdbcStores.fromConfig(JdbcConfig.builder(db.url()).maximumPoolSize(2).migrate(true).build());
        UserClient client = UserClient.builder().stores(stores)
            .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO).build())
            .build()) {
      UserId user = client.users().create(NewUser.email("hot@example.com")).id();
      client.ledger().credit(user, Credits.of(10), IdempotencyKey.of("fund"), "funding");
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

      // Another writer took 1 since the balance of 10 was learned: nothing of the batch is kept.
      client.ledger().deduct(user, Credits.of(1), IdempotencyKey.of("elsewhere"));
      StoredBalance stale = new StoredBalance(Credits.of(10), Credits.ZERO);
      assertThatThrownBy(() -> stores.inTransaction(tx -> {
        tx.ledger().writeBatchIfUnchanged(user, stale, Credits.of(3), Credits.ZERO, List.of(),
            List.of(deduction(user, 3, Credits.of(7), "stale", now)));
        return null;
      })).isInstanceOf(BalanceChangedException.class);
      assertThat(client.ledger().balance(user)).isEqualTo(new Balance(Credits.of(9), Credits.ZERO));
      assertThat(keys(client, user)).containsExactly("elsewhere", "fund");

      // The row holds what the batch was evaluated against: a deduction and a hold are written.
      StoredBalance current = new StoredBalance(Credits.of(9), Credits.ZERO);
      Hold hold = new Hold(new HoldId(UUID.randomUUID()), user, Credits.of(2), IdempotencyKey.of("held"),
          HoldStatus.ACTIVE, Credits.ZERO, now, now.plus(Duration.ofMinutes(5)), Optional.empty());
      stores.inTransaction(tx -> {
        tx.ledger().writeBatchIfUnchanged(user, current, Credits.of(3), Credits.of(2), List.of(hold),
            List.of(deduction(user, 3, Credits.of(6), "fresh", now),
                LedgerEntry.hold(new EntryId(UUID.randomUUID()), hold, Credits.of(6), now)));
        return null;
      });
      assertThat(client.ledger().balance(user)).isEqualTo(new Balance(Credits.of(6), Credits.of(2)));
      assertThat(client.ledger().getHold(hold.id()).status()).isEqualTo(HoldStatus.ACTIVE);
      assertThat(client.ledger().history(user, 10).items()).extracting(LedgerEntry::kind)
          .containsExactlyInAnyOrder(EntryKind.CREDIT, EntryKind.DEDUCTION, EntryKind.DEDUCTION, EntryKind.HOLD);
      assertThat(keys(client, user)).containsExactlyInAnyOrder("fund", "elsewhere", "fresh", "held");
      assertThat(client.ledger().reconcile(user).consistent()).isTrue();

      // A user without an account has no row to hold anything.
      UserId none = UserId.of(UUID.randomUUID());
      assertThatThrownBy(() -> stores.inTransaction(tx -> {
        tx.ledger().writeBatchIfUnchanged(none, current, Credits.of(1), Credits.ZERO, List.of(), List.of());
        return null;
      })).isInstanceOf(BalanceChangedException.class);
    }
  }

  private static LedgerEntry deduction(UserId user, long amount, Credits after, String key, Instant now) {
    return LedgerEntry.deduction(new EntryId(UUID.randomUUID()), user, Credits.of(amount), IdempotencyKey.of(key),
        null, now).withBalanceAfter(after);
  }

  private static List<String> keys(UserClient client, UserId user) {
    return client.ledger().history(user, 10).items().stream()
        .map(entry -> entry.key().map(IdempotencyKey::value).orElse("-")).toList();
  }
}
