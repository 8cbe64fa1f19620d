package dev.usersdk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module's main code uses another module's {@code internal} classes: read from the compiled
 * classes with {@code jdeps}, so a fully qualified name or a reflective-looking import cannot slip
 * past. user-core and user-auth0 are named modules and their descriptors already refuse this at
 * compile time; user-jdbc, user-kafka, user-micrometer, user-cli, user-spring-boot and user-testkit stay automatic modules (Flyway, Kafka, Micrometer, Spring and Testcontainers have
 * no stable module names), and user-examples and user-bench are not published, so this check is
 * what holds them to it. It lives here because user-bench is built last, after every other module.
 */
class InternalsStayInsideTest {
  /** The modules without a module descriptor; user-core's and user-auth0's descriptors do this job. */
  private static final List<String> MODULES =
      List.of(
          "user-testkit",
          "user-jdbc",
          "user-kafka",
          "user-micrometer",
          "user-cli",
          "user-spring-boot",
          "user-examples",
          "user-bench");
  private static final Path ROOT = Path.of("..");

  @Test
  void noModuleUsesAnotherModulesInternals() throws IOException {
    List<String> crossings = new ArrayList<>();
    for (String module : MODULES) {
      for (Dependency dependency : dependenciesOf(module)) {
        if (dependency.intoInternal() && !definedIn(module, dependency.target())) {
          crossings.add(module + ": " + dependency);
        }
      }
    }
    assertThat(crossings).isEmpty();
  }

  /** The scan sees internal dependencies where they are allowed, so an empty result means something. */
  @Test
  void theScanSeesInternalDependenciesWithinAModule() throws IOException {
    List<Dependency> jdbc = dependenciesOf("user-jdbc");

    assertThat(jdbc)
        .anySatisfy(
            d -> {
              assertThat(d.source()).isEqualTo("dev.usersdk.jdbc.JdbcStores");
              assertThat(d.target()).isEqualTo("dev.usersdk.jdbc.internal.TransactionEngine");
              assertThat(definedIn("user-jdbc", d.target())).isTrue();
            });
  }

  private record Dependency(String source, String target) {
    boolean intoInternal() {
      return target.contains(".internal.");
    }

    @Override
    public String toString() {
      return source + " -> " + target;
    }
  }

  private static boolean definedIn(String module, String className) {
    Path file = classes(module).resolve(className.replace('.', '/') + ".class");
    return Files.isRegularFile(file);
  }

  private static Path classes(String module) {
    Path classes = ROOT.resolve(module).resolve("target/classes");
    assertThat(classes).as("%s must be compiled before this check runs", module).isDirectory();
    return classes;
  }

  /** Every class-level dependency of the module's main classes on usersdk classes. */
  private static List<Dependency> dependenciesOf(String module) throws IOException {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        jdeps.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "-verbose:class",
            "--ignore-missing-deps",
            "-e",
            "dev\\.usersdk\\..*",
            classes(module).toString());
    assertThat(exit).as("jdeps failed: %s", err.toString(StandardCharsets.UTF_8)).isZero();
    try (Stream<String> lines = out.toString(StandardCharsets.UTF_8).lines()) {
      return lines
          .filter(line -> line.contains("->"))
          .map(String::strip)
          .map(line -> line.split("\\s+", -1))
          .filter(parts -> parts.length >= 3 && parts[0].startsWith("dev.usersdk."))
          .map(parts -> new Dependency(parts[0], parts[2]))
          .filter(d -> d.target().startsWith("dev.usersdk."))
          .toList();
    }
  }
}
