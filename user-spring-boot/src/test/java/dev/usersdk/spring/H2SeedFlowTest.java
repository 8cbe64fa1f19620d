package dev.usersdk.spring;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On an in-memory H2 database of its own, which lives as long as the application's pool (Spring
 * Boot connects to an embedded database as {@code sa}, so the testkit's H2 database, made by a
 * user-less connection, is not used).
 */
class H2SeedFlowTest extends SeedFlowContract {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:seedflow_" + UUID.randomUUID());
  }
}
