package dev.usersdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartTest {
  @Test
  void printsTheUsersItMade() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertTrue(output.contains("ann@example.com    Ann      PENDING   admin=false v1"), output);
    assertTrue(output.contains("ann@example.com    Ann      APPROVED  admin=true  v4"), output);
    assertTrue(output.contains("bob@example.com    Bob      DISABLED  admin=false v2"), output);
    assertTrue(output.contains("Admins: [Ada, Ann]"), output);
    assertTrue(output.contains("Pending: 0"), output);
    assertEquals(2, output.split("ada@example.com", -1).length - 1, output);
  }
}
