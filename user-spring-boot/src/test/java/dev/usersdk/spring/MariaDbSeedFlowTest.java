package dev.usersdk.spring;

import dev.usersdk.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MariaDbSeedFlowTest extends SeedFlowContract {
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.mysql();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    database(registry, db);
  }

  @AfterAll
  static void close() {
    if (db != null) {
      db.close();
    }
  }
}
