package dev.usersdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The executable jar as an operator runs it ({@code java -jar user-cli-<version>-all.jar}), once
 * per server: its drivers, Flyway's database support and the logging all come from inside it.
 */
class BuiltJarIT {
  /** What the jar printed and how it ended. */
  record Run(int exit, String out, String err) {}

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void migratesChecksAndListsFromTheBuiltJar(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      // Each run is a process of its own: an in-memory H2 database would die with the first.
      String url = kind == TestDatabase.Kind.H2
          ? "jdbc:h2:file:" + Files.createTempDirectory("usersdk-cli").resolve("db")
          : db.url();
      Map<String, String> env = Map.of("USER_SDK_DB_URL", url);

      Run migrate = java(env, "migrate", "--json");
      assertThat(migrate.exit()).as(migrate.err()).isZero();
      assertThat(migrate.out().strip()).as("only the result on stdout")
          .isEqualTo("{\"applied\":" + CliContract.JdbcStoresVersion.EXPECTED + ",\"schema_version\":\""
              + CliContract.JdbcStoresVersion.EXPECTED + "\"}");
      Run status = java(env, "status");
      assertThat(status.exit()).as(status.out() + status.err()).isZero();
      assertThat(status.out()).containsPattern("status\\s+UP");
      Run list = java(env, "users", "list");
      assertThat(list.exit()).isZero();
      assertThat(list.out()).contains("(none)");
      Run unknown = java(env, "users", "show", "nobody@example.com");
      assertThat(unknown.exit()).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(unknown.err()).contains("error [user_not_found]");
      Run unknownJson = java(env, "users", "show", "nobody@example.com", "--json");
      assertThat(unknownJson.out()).startsWith("{\"error\":{\"code\":\"user_not_found\"");
      Run unconfirmed = java(env, "users", "disable", "nobody@example.com", "--actor", "x@example.com");
      assertThat(unconfirmed.exit()).as("fails before asking").isEqualTo(ExitCode.NOT_FOUND);
      for (Run run : List.of(migrate, status, list, unknown, unknownJson, unconfirmed)) {
        assertThat(run.err()).as("logging is bound and quiet").doesNotContain("SLF4J").doesNotContain("INFO");
      }
      assertThat(java(env, "--version").out()).contains("usersdk CLI ").doesNotContain("development");
    }
  }

  private static Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.startsWith("USER_SDK_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("usersdk-cli", ".out");
    Path err = Files.createTempFile("usersdk-cli", ".err");
    try {
      builder.redirectOutput(out.toFile());
      builder.redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close(); // no terminal: a question is declined, never waited on
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the CLI did not end within 2 minutes: " + command);
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path jar() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "user-cli-*-all.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    }
    throw new IllegalStateException("no user-cli-*-all.jar in target: run the package phase first");
  }
}
