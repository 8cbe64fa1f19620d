package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The clusters a test needs beyond the two plain servers (Galera, a PostgreSQL standby), found
 * through the environment as {@code .ci/run} exports it: their JDBC URLs, and the script that
 * kills, restarts or promotes their nodes.
 */
final class Clusters {
  private Clusters() {}

  /**
   * The comma-separated URLs in {@code variable}; the test is skipped without them, or fails when
   * {@code USER_SDK_TEST_REQUIRE} names {@code requiredAs}.
   */
  static List<String> urls(String variable, String requiredAs) {
    String configured = System.getenv(variable);
    if (configured == null || configured.isBlank()) {
      boolean required = Arrays.asList(String.valueOf(System.getenv(TestDatabase.REQUIRE))
          .toLowerCase(Locale.ROOT).split(",")).contains(requiredAs);
      if (required) {
        throw new IllegalStateException(variable + " is not set but " + TestDatabase.REQUIRE + " names " + requiredAs);
      }
      Assumptions.abort(variable + " is not set: no " + requiredAs + " to test on (.ci/run starts one)");
    }
    return Arrays.stream(configured.split(",")).map(String::trim).toList();
  }

  /** Runs the cluster script named by {@code variable} with {@code args}; fails on a non-zero exit. */
  static void run(String variable, String... args) throws IOException, InterruptedException {
    String script = System.getenv(variable);
    assertThat(script).as(variable + " names the cluster script").isNotBlank();
    List<String> command = new ArrayList<>(List.of(script));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
