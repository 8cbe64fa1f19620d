package dev.usersdk.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.StoreUnavailableException;
import dev.usersdk.jdbc.Dialect;
import dev.usersdk.observe.Observer;
import dev.usersdk.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each conflict a transaction is run again after is told to the observer, with its cause. */
class TransactionRetriesObservedTest {
  private final List<String> causes = Collections.synchronizedList(new ArrayList<>());
  private final Observer observer = new Observer() {
    @Override
    public void storeRetried(String cause) {
      causes.add(cause);
    }
  };

  @Test
  void conflictsAreReportedByCauseAndOtherFailuresAreNot() {
    try (TestDatabase db = TestDatabase.h2()) {
      TransactionEngine engine = new TransactionEngine(db.dataSource(), Dialect.H2, Duration.ofSeconds(5));
      engine.observedBy(observer);
      List<SQLException> conflicts = List.of(
          new SQLException("deadlock", "40P01"),
          new SQLException("Deadlock found when trying to get lock", "40001", 1213),
          new SQLException("Lock wait timeout exceeded", "HY000", 1205),
          new SQLException("could not obtain lock", "55P03"),
          new SQLException("could not serialize access", "40001"));
      AtomicInteger attempt = new AtomicInteger();

      String result = engine.inTransaction(tx -> {
        int n = attempt.getAndIncrement();
        if (n < conflicts.size()) {
          throw new SqlFailure(conflicts.get(n));
        }
        return "done";
      });

      assertThat(result).isEqualTo("done");
      assertThat(causes).containsExactly("deadlock", "deadlock", "lock_wait", "lock_wait", "serialization");

      causes.clear();
      assertThatThrownBy(() -> engine.inTransaction(tx -> {
        throw new SqlFailure(new SQLException("syntax error", "42000"));
      })).isNotInstanceOf(StoreUnavailableException.class);
      assertThat(causes).as("not a conflict: not run again").isEmpty();
    }
  }
}
