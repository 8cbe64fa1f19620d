package dev.usersdk.cli;

import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code roles list | grant | revoke}. */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = UserCli.Version.class,
    name = "roles",
    description = "The configured roles (USER_SDK_ROLES) and who holds them.",
    subcommands = {
      RolesCommands.ListRoles.class,
      RolesCommands.Grant.class,
      RolesCommands.Revoke.class
    })
final class RolesCommands extends Group {
  @Command(
      name = "list",
      description = "The configured roles and their permissions, or one user's roles.")
  static final class ListRoles extends Action {
    @Parameters(arity = "0..1", paramLabel = "<id|email>")
    String user;

    ListRoles(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      if (user != null) {
        UserId id = cli.user(user);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("user", id);
        result.put("roles", List.copyOf(cli.client().roles().of(id)));
        result.put("permissions", List.copyOf(cli.client().roles().permissionsOf(id)));
        return print(result);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      cli.client()
          .roles()
          .defined()
          .forEach(
              (role, permissions) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("role", role);
                row.put("permissions", String.join(",", permissions));
                rows.add(row);
              });
      return print(rows);
    }
  }

  @Command(name = "grant", description = "Grants a configured role to a user.")
  static final class Grant extends Action.Privileged {

    @Parameters(index = "1", paramLabel = "<role>")
    String role;

    Grant(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      UserId id = cli.user(user);
      boolean granted = cli.client().roles().grant(id, role, actor());
      return print(change(id, role, granted ? "granted" : "held already"));
    }
  }

  @Command(name = "revoke", description = "Takes a role from a user (asks first).")
  static final class Revoke extends Action.Privileged {

    @Parameters(index = "1", paramLabel = "<role>")
    String role;

    Revoke(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      User target = cli.existingUser(user);
      UserId by = actor();
      // Nothing to take away: no question, but the library still checks the actor and the name.
      boolean held = cli.client().roles().of(target.id()).contains(role);
      if (held && !confirmed("Take role " + role + " from " + cli.describe(target) + "?")) {
        return notConfirmed();
      }
      boolean revoked = cli.client().roles().revoke(target.id(), role, by);
      return print(change(target.id(), role, revoked ? "revoked" : "not held"));
    }
  }

  private static Map<String, Object> change(UserId user, String role, String outcome) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("user", user);
    result.put("role", role);
    result.put("result", outcome);
    return result;
  }
}
