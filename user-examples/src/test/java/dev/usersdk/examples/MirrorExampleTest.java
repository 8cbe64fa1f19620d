package dev.usersdk.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MirrorExampleTest {
  @Test
  void billingMirrorsAccountsOverWebhooksAndRefusesADisabledUser() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String run = UUID.randomUUID().toString();
    MirrorExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "jdbc:h2:mem:accounts-" + run + ";DB_CLOSE_DELAY=-1", "jdbc:h2:mem:billing-" + run + ";DB_CLOSE_DELAY=-1");
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertTrue(output.contains("billing sees ann@example.com v1, plan free"), output);
    assertTrue(output.contains("after both changes: company Acme, plan pro, v2"), output);
    assertTrue(output.contains("billing authenticates ann@example.com"), output);
    assertTrue(output.contains("billing still lets Ann in: it has not heard yet"), output);
    assertTrue(output.contains("billing finds bob on demand: true"), output);
    assertTrue(output.contains("health: in step false"), output);
    assertTrue(output.matches("(?s).*retried deliveries: [1-9].*"), output);
    assertTrue(output.contains("billing refuses Ann now: account_disabled"), output);
    assertTrue(output.contains("health: in step true, users 3"), output);
  }
}
