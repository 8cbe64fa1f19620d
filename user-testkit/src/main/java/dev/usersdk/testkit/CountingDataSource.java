package dev.usersdk.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and counts what costs a round trip to the server: executed statements,
 * commits and rollbacks, and auto-commit switches (which the MySQL family sends as statements). For
 * tests and benchmarks that check how many round trips a call makes.
 */
public final class CountingDataSource {
  private static final Set<String> EXECUTIONS =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch");

  private final DataSource target;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong autoCommitSwitches = new AtomicLong();

  private CountingDataSource(DataSource target) {
    this.target = target;
  }

  public static CountingDataSource wrap(DataSource target) {
    return new CountingDataSource(target);
  }

  /** The counting data source to hand to the code under test. */
  public DataSource dataSource() {
    return proxy(
        DataSource.class,
        target,
        (method, result) ->
            result instanceof Connection
                ? proxy(Connection.class, result, this::onConnection)
                : result);
  }

  public long statements() {
    return statements.get();
  }

  /** Commits and rollbacks. */
  public long commits() {
    return commits.get();
  }

  public long autoCommitSwitches() {
    return autoCommitSwitches.get();
  }

  /** Everything counted: the round trips, on any of the supported databases at most. */
  public long roundTrips() {
    return statements() + commits() + autoCommitSwitches();
  }

  public void reset() {
    statements.set(0);
    commits.set(0);
    autoCommitSwitches.set(0);
  }

  private Object onConnection(Method method, Object result) {
    if (!(result instanceof Statement)) {
      return result;
    }
    Class<?> type = result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return proxy(type, result, (m, r) -> r);
  }

  private interface AfterCall {
    Object apply(Method method, Object result);
  }

  // T is inferred from the call site: each caller proxies the interface it returns.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  private <T> T proxy(Class<?> type, Object target, AfterCall after) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (EXECUTIONS.contains(name)) {
            statements.incrementAndGet();
          } else if (name.equals("commit") || name.equals("rollback")) {
            commits.incrementAndGet();
          } else if (name.equals("setAutoCommit")
              && target instanceof Connection connection
              && connection.getAutoCommit() != (Boolean) args[0]) {
            autoCommitSwitches.incrementAndGet();
          }
          try {
            return after.apply(method, method.invoke(target, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
