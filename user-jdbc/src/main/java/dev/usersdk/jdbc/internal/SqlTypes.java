package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jspecify.annotations.Nullable;

/**
 * How UUIDs and instants are stored per dialect: native {@code uuid} and {@code timestamptz} /
 * {@code TIMESTAMP WITH TIME ZONE} on PostgreSQL and H2; {@code BINARY(16)} and UTC {@code
 * DATETIME(6)} on the MySQL family. Not API.
 */
final class SqlTypes {
  private static final DateTimeFormatter DATETIME_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final Dialect dialect;
  private final boolean mysqlFamily;

  SqlTypes(Dialect dialect) {
    this.dialect = dialect;
    this.mysqlFamily = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * Teaches Jdbi to bind and read {@link UUID} and {@link Instant} the way this dialect stores
   * them.
   */
  void register(Jdbi jdbi) {
    jdbi.registerColumnMapper(UUID.class, (rs, column, ctx) -> readUuid(rs, column));
    jdbi.registerArgument(
        new AbstractArgumentFactory<UUID>(mysqlFamily ? Types.BINARY : Types.OTHER) {
          @Override
          protected Argument build(UUID value, ConfigRegistry config) {
            return (position, statement, context) -> bindUuid(statement, position, value);
          }
        });
    jdbi.registerArgument(
        new AbstractArgumentFactory<Instant>(
            mysqlFamily ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE) {
          @Override
          protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, context) -> bindInstant(statement, position, value);
          }
        });
  }

  void bindUuid(PreparedStatement statement, int position, UUID value) throws SQLException {
    if (value == null) {
      statement.setNull(position, mysqlFamily ? Types.BINARY : Types.OTHER);
    } else if (mysqlFamily) {
      // Big-endian bytes: their byte order is the unsigned order every other store uses.
      statement.setBytes(
          position,
          ByteBuffer.allocate(16)
              .putLong(value.getMostSignificantBits())
              .putLong(value.getLeastSignificantBits())
              .array());
    } else {
      statement.setObject(position, value);
    }
  }

  UUID readUuid(ResultSet rs, String column) throws SQLException {
    if (mysqlFamily) {
      byte[] bytes = rs.getBytes(column);
      if (bytes == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    return rs.getObject(column, UUID.class);
  }

  UUID readUuid(ResultSet rs, int column) throws SQLException {
    return readUuid(rs, rs.getMetaData().getColumnLabel(column));
  }

  void bindInstant(PreparedStatement statement, int position, Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(position, mysqlFamily ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
    } else if (mysqlFamily) {
      // DATETIME(6) holds UTC wall-clock time: neither the JVM's nor the server's zone matters.
      statement.setObject(position, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    } else {
      statement.setObject(position, value.atOffset(ZoneOffset.UTC));
    }
  }

  /** Binds an instant to a statement's parameter. */
  @FunctionalInterface
  interface InstantBinding {
    void bind(PreparedStatement statement, int position, Instant value) throws SQLException;
  }

  /**
   * A binding for the rows of one multi-row {@code INSERT ... VALUES}, which converts each distinct
   * instant to text once: a coalesced batch's entries share one time, and the drivers format every
   * time value anew (pgjdbc through a {@link java.util.Calendar}, MariaDB's through a {@link
   * java.time.format.DateTimeFormatter}), a sixth to a fifth of a batch's time on the thread its
   * callers wait for. The text stands for what the drivers would send: on PostgreSQL ISO-8601 of
   * unspecified type, which the server reads as the column's type (so only for plain column values,
   * not for a value in a {@code SELECT} list, which would stay text); on the MySQL family the UTC
   * wall-clock time a {@code DATETIME(6)} column reads from a string.
   */
  InstantBinding forInsertedRows() {
    return new InstantBinding() {
      private @Nullable Instant last;
      private @Nullable String text;

      @Override
      public void bind(PreparedStatement statement, int position, Instant value)
          throws SQLException {
        if (value == null || dialect == Dialect.H2) {
          bindInstant(statement, position, value);
          return;
        }
        if (!value.equals(last)) {
          last = value;
          // To the microsecond the columns keep, as the drivers would: pgjdbc rounds half up,
          // MariaDB's driver and server truncate.
          text =
              mysqlFamily
                  ? DATETIME_TEXT.format(value)
                  : value.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
        }
        if (mysqlFamily) {
          statement.setString(position, text);
        } else {
          statement.setObject(position, text, Types.OTHER);
        }
      }
    };
  }

  Instant readInstant(ResultSet rs, String column) throws SQLException {
    if (mysqlFamily) {
      LocalDateTime value = rs.getObject(column, LocalDateTime.class);
      return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
