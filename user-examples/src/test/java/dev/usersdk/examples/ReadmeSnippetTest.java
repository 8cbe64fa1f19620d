package dev.usersdk.examples;

import static dev.usersdk.Environment.DEVELOPMENT;
import static dev.usersdk.user.UserStatus.APPROVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.Users;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's first snippet is this code: compiled here, run here, and compared to the README. */
class ReadmeSnippetTest {
  private static final Path SOURCE = Path.of("src/test/java/dev/usersdk/examples/ReadmeSnippetTest.java");
  private static final Path README = Path.of("../README.md");

  @Test
  void theSnippetRuns() {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      snippet();
    } finally {
      System.setOut(original);
    }
    assertEquals("ada@example.com APPROVED admin=true\nann@example.com APPROVED admin=false company=Acme\n",
        bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void theReadmeShowsExactlyThisSnippet() throws IOException {
    String code = Files.readString(SOURCE);
    // Built from parts so these lines do not contain the markers themselves.
    String start = "// README" + ":start\n";
    String end = "    // README" + ":end";
    String snippet = code.substring(code.indexOf(start) + start.length() - 1, code.indexOf(end));
    String unindented = snippet.lines().skip(1).map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
        .collect(Collectors.joining("\n", "", "\n"));
    assertTrue(unindented.lines().count() > 10 && unindented.contains("UserClient.builder()"), unindented);
    String readme = Files.readString(README);
    assertTrue(readme.contains("```java\n" + unindented + "```"),
        "README.md must contain this snippet verbatim:\n" + unindented);
  }

  private static void snippet() {
    // README:start
    try (UserClient client = UserClient.builder()
        .stores(JdbcStores.fromConfig(JdbcConfig.builder("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1").build()))
        .config(UserSdkConfig.builder().environment(DEVELOPMENT).requireApproval(true).build()) // production needs a JWT secret
        .build()) {
      Users users = client.users();
      User ada = users.create(NewUser.email("ada@example.com").name("Ada").admin(true).status(APPROVED));
      User ann = users.create(NewUser.email(" Ann@Example.com ").name("Ann"));   // PENDING until approved
      users.approve(ann.id(), ada.id());
      users.updateProfile(ann.id(), ProfileUpdate.of().company("Acme"));

      for (User user : users.list(UserQuery.all()).items()) {
        System.out.println(user.email().orElseThrow() + " " + user.status() + " admin=" + users.isAdmin(user)
            + (user.profile().company() == null ? "" : " company=" + user.profile().company()));
      }
    }
    // README:end
  }
}
