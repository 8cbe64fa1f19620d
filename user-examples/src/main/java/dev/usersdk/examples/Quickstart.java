package dev.usersdk.examples;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.Users;
import java.io.PrintStream;

/**
 * The quickstart: creates users, lists them, and shows admin and approval. Runs with no setup:
 * {@code ./mvnw -q -pl user-examples -am compile exec:java}.
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    UserSdkConfig config = UserSdkConfig.builder()
        .environment(Environment.DEVELOPMENT)
        .requireApproval(true) // new users wait for an admin
        .build();
    try (UserClient client = UserClient.builder().stores(InMemoryStores.create()).config(config).build()) {
      Users users = client.users();

      User ada = users.create(NewUser.email("ada@example.com").name("Ada").admin(true).status(UserStatus.APPROVED));
      User ann = users.create(NewUser.email("  Ann@Example.com ").name("Ann").company("Acme"));
      User bob = users.create(NewUser.email("bob@example.com").name("Bob").telegram("@bob_builds"));
      out.println("Created 3 users; new users wait for approval:");
      print(out, users);

      ann = users.approve(ann.id(), ada.id());
      out.println();
      out.println("Ada approved " + ann.email().orElseThrow() + " at " + ann.approvedAt().orElseThrow()
          + "; Bob disabled; Ann made an admin:");
      users.disable(bob.id());
      users.setAdmin(ann.id(), true);
      users.updateProfile(ann.id(), ProfileUpdate.of().phone("+1 555 0100"));
      print(out, users);

      out.println();
      out.println("Admins: " + users.list(UserQuery.all().admin(true)).items().stream()
          .map(u -> u.profile().name()).toList());
      out.println("Pending: " + users.list(UserQuery.all().status(UserStatus.PENDING)).items().size());
    }
  }

  private static void print(PrintStream out, Users users) {
    for (User user : users.list(UserQuery.all()).items()) {
      out.printf("  %-18s %-8s %-9s admin=%-5s v%d %s%n",
          user.email().map(Object::toString).orElse("-"),
          user.profile().name(),
          user.status(),
          users.isAdmin(user),
          user.version(),
          user.id());
    }
  }
}
