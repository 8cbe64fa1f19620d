package dev.usersdk.jdbc;

import dev.usersdk.testkit.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

class MariaDbConnectionLossTest extends ConnectionLossContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.MYSQL;
  }

  @Override
  int killConnectionsInTransaction(Statement admin, TestDatabase db) throws SQLException {
    List<Long> threads = new ArrayList<>();
    // INNODB_TRX lists connections whose transaction has touched InnoDB: ours has inserted a row.
    try (ResultSet rs = admin.executeQuery("SELECT t.trx_mysql_thread_id FROM information_schema.INNODB_TRX t "
        + "JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id WHERE p.DB = '" + db.name() + "'")) {
      while (rs.next()) {
        threads.add(rs.getLong(1));
      }
    }
    for (long thread : threads) {
      admin.execute("KILL CONNECTION " + thread);
    }
    return threads.size();
  }
}
