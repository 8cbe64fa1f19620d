package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * "Insert, or replace the row with the same primary key" in each dialect's own single statement:
 * {@code MERGE ... KEY} on H2, {@code ON CONFLICT ... DO UPDATE} on PostgreSQL, {@code ON DUPLICATE
 * KEY UPDATE} on the MySQL family. One statement is atomic against a concurrent insert of the same
 * key, and needs no affected-rows count: an UPDATE-then-INSERT would depend on whether the MySQL
 * driver reports found or changed rows, and an UPDATE writing identical values changes none. Each
 * column is bound by its own name ({@code :password_hash}). Not API.
 */
final class Upsert {
  private Upsert() {}

  static String statement(Dialect dialect, String table, String key, String... others) {
    return statementOnKeys(dialect, table, new String[] {key}, others);
  }

  /** As {@link #statement}, for a primary key of several columns. */
  static String statementOnKeys(Dialect dialect, String table, String[] keys, String... others) {
    String key = String.join(", ", keys);
    List<String> columns = new ArrayList<>(Arrays.asList(keys));
    columns.addAll(Arrays.asList(others));
    String names = String.join(", ", columns);
    String values = columns.stream().map(c -> ":" + c).collect(Collectors.joining(", "));
    return switch (dialect) {
      case H2 ->
          "MERGE INTO " + table + " (" + names + ") KEY (" + key + ") VALUES (" + values + ")";
      case POSTGRESQL ->
          "INSERT INTO "
              + table
              + " ("
              + names
              + ") VALUES ("
              + values
              + ") ON CONFLICT ("
              + key
              + ") DO UPDATE SET "
              + assignments(others, "EXCLUDED.%s");
      // VALUES(column) is deprecated on MySQL 8.0.20+ in favour of a row alias, which MariaDB
      // lacks; it still works on both.
      case MYSQL, MARIADB ->
          "INSERT INTO "
              + table
              + " ("
              + names
              + ") VALUES ("
              + values
              + ") ON DUPLICATE KEY UPDATE "
              + assignments(others, "VALUES(%s)");
    };
  }

  private static String assignments(String[] columns, String source) {
    return Arrays.stream(columns)
        .map(c -> c + " = " + String.format(source, c))
        .collect(Collectors.joining(", "));
  }
}
