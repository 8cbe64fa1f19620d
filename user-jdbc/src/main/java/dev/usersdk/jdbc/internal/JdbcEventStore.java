package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
import dev.usersdk.spi.EventStore;
import dev.usersdk.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The outbox on {@code usersdk_event_deliveries}, one row per event and subscription, in plain JDBC
 * on the transaction's connection (an event is written with every change, so it should cost what
 * one insert costs). Claims lock their rows with {@code FOR UPDATE SKIP LOCKED}, so relays on
 * several nodes never hold the same delivery, and lease them, so a relay that dies frees them. Not
 * API.
 */
final class JdbcEventStore implements EventStore {
  private static final String PENDING = "PENDING";

  /** How many pages of the pending queue one claim reads at most, looking for due heads. */
  private static final int MAX_PAGES = 10;

  private static final String DEAD = "DEAD";

  /** Rows one insert writes at most (7 parameters each; drivers cap a statement's parameters). */
  private static final int ROWS_PER_INSERT = 500;

  private final Connection connection;
  private final SqlTypes types;
  private final TxGuard tx;
  private final String headSql;

  /**
   * PostgreSQL only: an {@code IN} list's bounds repeated as a range. On a fresh outbox with no
   * statistics yet, PostgreSQL estimates a long {@code IN} list to match the whole table and scans
   * it, where the range makes it use the key. InnoDB must not get it: it then scans (and, in a
   * locking read, locks) the whole range, and a second relay's {@code SKIP LOCKED} skips it all.
   */
  private final String range;

  JdbcEventStore(Connection connection, SqlTypes types, TxGuard tx) {
    this.connection = connection;
    this.types = types;
    this.tx = tx;
    this.range = types.dialect() == Dialect.POSTGRESQL ? " AND seq BETWEEN ? AND ?" : "";
    // InnoDB otherwise walks the primary key for its seq order, through every delivered row.
    boolean mysqlFamily = types.dialect() == Dialect.MARIADB || types.dialect() == Dialect.MYSQL;
    this.headSql =
        "SELECT seq, user_id, next_attempt_at FROM usersdk_event_deliveries"
            + (mysqlFamily ? " FORCE INDEX (usersdk_event_deliveries_due_ix)" : "")
            + " WHERE subscription = ? AND status = 'PENDING' AND seq > ? ORDER BY seq LIMIT ?";
  }

  /**
   * The event and a pending delivery for each subscription, in one statement: every change with a
   * subscriber pays for this, so it is one round trip and one row per subscription (a separate
   * event row and delivery rows cost a profile update a quarter of its throughput).
   */
  @Override
  public void append(OutboxEvent event, Collection<String> subscriptions) {
    appendAll(List.of(event), subscriptions);
  }

  /** Events in order, their rows in one statement per {@link #ROWS_PER_INSERT}. */
  @Override
  public void appendAll(List<OutboxEvent> events, Collection<String> subscriptions) {
    tx.checkUsable();
    if (events.isEmpty() || subscriptions.isEmpty()) {
      return; // nothing subscribes: no rows (and no statement with no rows, which is no SQL)
    }
    int perInsert = Math.max(1, ROWS_PER_INSERT / Math.max(1, subscriptions.size()));
    try {
      for (int from = 0; from < events.size(); from += perInsert) {
        insert(events.subList(from, Math.min(events.size(), from + perInsert)), subscriptions);
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private void insert(List<OutboxEvent> events, Collection<String> subscriptions)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO usersdk_event_deliveries (subscription, event_id, user_id, type, payload,"
                + " created_at, status, attempts, next_attempt_at) VALUES "
                + String.join(
                    ", ",
                    Collections.nCopies(
                        events.size() * subscriptions.size(),
                        "(?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")))) {
      int i = 1;
      for (OutboxEvent event : events) { // rows in event order: the sequence keeps it
        for (String subscription : subscriptions) {
          insert.setString(i++, subscription);
          types.bindUuid(insert, i++, event.id());
          types.bindUuid(insert, i++, event.userId().value());
          insert.setString(i++, event.type());
          insert.setString(i++, event.payload());
          types.bindInstant(insert, i++, event.createdAt());
          types.bindInstant(insert, i++, event.createdAt());
        }
      }
      insert.executeUpdate();
    }
  }

  @Override
  public List<Delivery> claimDue(String subscription, Instant now, Instant leaseUntil, int limit) {
    tx.checkUsable();
    try {
      List<Long> candidates = headsOfUsers(subscription, now, limit);
      if (candidates.isEmpty()) {
        return List.of();
      }
      List<Long> locked = new ArrayList<>();
      try (PreparedStatement lock =
          connection.prepareStatement(
              "SELECT seq FROM usersdk_event_deliveries WHERE subscription = ? AND seq IN ("
                  + placeholders(candidates.size())
                  + ")"
                  + range
                  + " AND status = 'PENDING' AND next_attempt_at <= ? ORDER BY seq"
                  + " FOR UPDATE SKIP LOCKED")) {
        lock.setString(1, subscription);
        int i = bindAll(lock, 2, candidates);
        types.bindInstant(lock, i, now);
        try (ResultSet rs = lock.executeQuery()) {
          while (rs.next()) {
            locked.add(rs.getLong(1));
          }
        }
      }
      if (locked.isEmpty()) {
        return List.of();
      }
      try (PreparedStatement lease =
          connection.prepareStatement(
              "UPDATE usersdk_event_deliveries SET next_attempt_at = ? WHERE subscription = ? AND seq IN ("
                  + placeholders(locked.size())
                  + ")"
                  + range)) {
        types.bindInstant(lease, 1, leaseUntil);
        lease.setString(2, subscription);
        bindAll(lease, 3, locked);
        lease.executeUpdate();
      }
      return read(subscription, locked, "");
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  /**
   * Up to {@code limit} due deliveries that are the oldest pending one of their user (per-user
   * order), read without locks and locked by key afterwards. The pending queue is read from its
   * head in pages: the first row seen of a user is that user's oldest pending delivery, so no row
   * needs a per-user subquery (evaluated row by row, that took 80-200 ms per claim on MariaDB once
   * many users waited behind a leased or failing delivery). Rows after a user's first are that
   * user's later events and wait; a first row not yet due (leased, or backing off) blocks its user.
   */
  private List<Long> headsOfUsers(String subscription, Instant now, int limit) throws SQLException {
    List<Long> heads = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    long after = 0;
    int page = Math.min(limit * 4, 4000);
    for (int pages = 0; pages < MAX_PAGES && heads.size() < limit; pages++) {
      int read = 0;
      try (PreparedStatement select = connection.prepareStatement(headSql)) {
        select.setString(1, subscription);
        select.setLong(2, after);
        select.setInt(3, page);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            read++;
            after = rs.getLong(1);
            boolean first = seen.add(types.readUuid(rs, "user_id"));
            if (first
                && !types.readInstant(rs, "next_attempt_at").isAfter(now)
                && heads.size() < limit) {
              heads.add(after);
            }
          }
        }
      }
      if (read < page) {
        break; // the end of the queue
      }
    }
    return heads;
  }

  /** The deliveries of {@code sequences}, with their events, in order. */
  private List<Delivery> read(String subscription, List<Long> sequences, String condition)
      throws SQLException {
    List<Delivery> deliveries = new ArrayList<>(sequences.size());
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, event_id, user_id, type, payload, created_at, attempts"
                + " FROM usersdk_event_deliveries WHERE subscription = ? AND seq IN ("
                + placeholders(sequences.size())
                + ")"
                + range
                + condition
                + " ORDER BY seq")) {
      select.setString(1, subscription);
      bindAll(select, 2, sequences);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          OutboxEvent event =
              new OutboxEvent(
                  types.readUuid(rs, "event_id"),
                  UserId.of(types.readUuid(rs, "user_id")),
                  rs.getString("type"),
                  rs.getString("payload"),
                  types.readInstant(rs, "created_at"));
          deliveries.add(
              new Delivery(subscription, rs.getLong("seq"), event, rs.getInt("attempts")));
        }
      }
    }
    return deliveries;
  }

  @Override
  public void markDelivered(String subscription, long sequence, Instant at) {
    tx.checkUsable();
    update(
        "UPDATE usersdk_event_deliveries SET status = 'DELIVERED', attempts = attempts + 1,"
            + " delivered_at = ?, last_error = NULL WHERE subscription = ? AND seq = ?",
        statement -> {
          types.bindInstant(statement, 1, at);
          statement.setString(2, subscription);
          statement.setLong(3, sequence);
        });
  }

  @Override
  public void markDelivered(String subscription, List<Long> sequences, Instant at) {
    tx.checkUsable();
    if (sequences.isEmpty()) {
      return;
    }
    update(
        "UPDATE usersdk_event_deliveries SET status = 'DELIVERED', attempts = attempts + 1,"
            + " delivered_at = ?, last_error = NULL WHERE subscription = ? AND seq IN ("
            + placeholders(sequences.size())
            + ")"
            + range,
        statement -> {
          types.bindInstant(statement, 1, at);
          statement.setString(2, subscription);
          bindAll(statement, 3, sequences);
        });
  }

  @Override
  public void markFailed(
      String subscription,
      long sequence,
      int attempts,
      Instant nextAttemptAt,
      String error,
      boolean dead) {
    tx.checkUsable();
    update(
        "UPDATE usersdk_event_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?"
            + " WHERE subscription = ? AND seq = ?",
        statement -> {
          statement.setString(1, dead ? DEAD : PENDING);
          statement.setInt(2, attempts);
          types.bindInstant(statement, 3, nextAttemptAt);
          statement.setString(4, error);
          statement.setString(5, subscription);
          statement.setLong(6, sequence);
        });
  }

  @Override
  public List<Delivery> deadLetters(String subscription, long afterSequence, int limit) {
    tx.checkUsable();
    try {
      List<Long> dead = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT seq FROM usersdk_event_deliveries WHERE subscription = ? AND status = 'DEAD'"
                  + " AND seq > ? ORDER BY seq LIMIT ?")) {
        select.setString(1, subscription);
        select.setLong(2, afterSequence);
        select.setInt(3, limit);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            dead.add(rs.getLong(1));
          }
        }
      }
      return dead.isEmpty() ? List.of() : read(subscription, dead, " AND status = 'DEAD'");
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public int redrive(String subscription, Instant now) {
    tx.checkUsable();
    return update(
        "UPDATE usersdk_event_deliveries SET status = 'PENDING', next_attempt_at = ?"
            + " WHERE subscription = ? AND status = 'DEAD'",
        statement -> {
          types.bindInstant(statement, 1, now);
          statement.setString(2, subscription);
        });
  }

  @Override
  public int prune(Instant before, int limit) {
    tx.checkUsable();
    try {
      List<Long> done = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT seq FROM usersdk_event_deliveries WHERE created_at < ?"
                  + " AND status = 'DELIVERED' ORDER BY created_at LIMIT ?")) {
        types.bindInstant(select, 1, before);
        select.setInt(2, limit);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            done.add(rs.getLong(1));
          }
        }
      }
      if (done.isEmpty()) {
        return 0;
      }
      try (Statement delete = connection.createStatement()) {
        String in = done.stream().map(String::valueOf).collect(Collectors.joining(","));
        return delete.executeUpdate(
            "DELETE FROM usersdk_event_deliveries WHERE seq IN (" + in + ")");
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public long backlog(String subscription) {
    // The status as a literal: PostgreSQL matches it to the partial index only so.
    return count(subscription, PENDING);
  }

  @Override
  public long deadCount(String subscription) {
    return count(subscription, DEAD);
  }

  private long count(String subscription, String status) {
    tx.checkUsable();
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM usersdk_event_deliveries"
                + " WHERE subscription = ? AND status = '"
                + status
                + "'")) {
      count.setString(1, subscription);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private int update(String sql, Binder binder) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  /**
   * Binds the sequences of an {@code IN} list and then, where there is one, its {@link #range}
   * (their minimum and maximum); returns the next position.
   */
  private int bindAll(PreparedStatement statement, int first, List<Long> values)
      throws SQLException {
    int position = first;
    for (long value : values) {
      statement.setLong(position++, value);
    }
    if (!range.isEmpty()) {
      statement.setLong(position++, values.stream().mapToLong(Long::longValue).min().orElse(0));
      statement.setLong(position++, values.stream().mapToLong(Long::longValue).max().orElse(0));
    }
    return position;
  }
}
