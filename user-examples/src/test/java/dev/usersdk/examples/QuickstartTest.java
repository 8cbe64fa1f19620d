package dev.usersdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path directory;

  @Test
  void printsTheUsersItMade() {
    String url = "jdbc:h2:file:" + directory.resolve("quickstart");
    String output = runOn(url);

    assertTrue(output.contains("ann@example.com    Ann      PENDING   admin=false v1"), output);
    assertTrue(output.contains("ann@example.com    Ann      APPROVED  admin=true  v4"), output);
    assertTrue(output.contains("bob@example.com    Bob      DISABLED  admin=false v2"), output);
    assertTrue(output.contains("Admins: [Ada, Ann]"), output);
    assertTrue(output.contains("Pending: 0"), output);
    assertEquals(2, output.split("ada@example.com", -1).length - 1, output);
    assertTrue(output.contains("deduct 0.25 (run-42)   -> balance 14.75"), output);
    assertTrue(output.contains("retry run-42           -> balance 14.75, same entry: true"), output);
    assertTrue(output.contains("refused: requested 100.00, available 14.75"), output);
    assertTrue(output.contains("OPENING        5.00 ->   5.00  opening balance"), output);
    assertTrue(output.contains("Reconciled: true"), output);
    assertTrue(output.matches("(?s).*\\[to carol@example.com\\] your confirmation code is [0-9]{6}.*"), output);
    assertTrue(output.contains("confirmed: carol@example.com is PENDING"), output);
    assertTrue(output.contains("login -> refused: account_pending"), output);
    assertTrue(output.contains("authenticate -> Carol (PASSWORD, admin=false)"), output);
    assertTrue(output.contains("refresh with the spent token -> refused (refresh token already used; the session was revoked)"), output);
    assertTrue(output.contains("logout -> the token is refused (token revoked)"), output);
    assertTrue(output.contains("wrong password -> refused: invalid_credentials"), output);
    assertTrue(output.contains("accessToken=(redacted)"), output);
    assertTrue(output.contains("enrol -> show as a QR code: otpauth://totp/usersdk:carol"), output);
    assertTrue(output.contains("confirm with the app's code -> 10 recovery codes"), output);
    assertTrue(output.contains("password -> a second factor is required"), output);
    assertTrue(output.contains("code -> signed in with TWO_FACTORS"), output);
    assertTrue(output.contains("turned off with a recovery code"), output);

    // A second run on the same database file finds the first run's users.
    String again = runOn(url);
    assertTrue(again.contains("Found 4 users from an earlier run:"), again);
    assertTrue(again.contains("ann@example.com    Ann      APPROVED  admin=true  v4"), again);
    assertTrue(again.contains("deduct 0.25 (run-42)   -> balance 14.75 (replayed)"), again);
    assertEquals(1, again.split("DEDUCTION", -1).length - 1, again);
    assertTrue(again.contains("(Carol registered in an earlier run)"), again);
    assertTrue(again.contains("authenticate -> Carol (PASSWORD, admin=false)"), again);
    assertTrue(again.contains("code -> signed in with TWO_FACTORS"), again);
  }

  private static String runOn(String url) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        JdbcStores.fromConfig(JdbcConfig.builder(url).build()));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
