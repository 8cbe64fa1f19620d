package dev.usersdk.cli;

import dev.usersdk.Page;
import dev.usersdk.ledger.Balance;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code users list | show | approve | disable | enable | set-admin}. */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = UserCli.Version.class,
    name = "users",
    description = "List, show, approve, disable, enable users; make or unmake admins.",
    subcommands = {
      UsersCommands.ListUsers.class,
      UsersCommands.Show.class,
      UsersCommands.Approve.class,
      UsersCommands.Disable.class,
      UsersCommands.Enable.class,
      UsersCommands.SetAdmin.class
    })
final class UsersCommands extends Group {
  @Command(name = "list", description = "One page of users, in creation order.")
  static final class ListUsers extends Action {
    @Option(
        names = "--status",
        description = "Only users in this status: ${COMPLETION-CANDIDATES}.")
    UserStatus status;

    @Option(names = "--email-prefix", description = "Only emails starting with this.")
    String emailPrefix;

    @Option(names = "--admin", description = "Only admins (true) or only non-admins (false).")
    Boolean admin;

    @Option(names = "--limit", defaultValue = "50", description = "Up to this many (1 to 500).")
    int limit;

    @Option(names = "--cursor", description = "The next page, as the last one printed it.")
    String cursor;

    ListUsers(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      UserQuery query = UserQuery.all().limit(limit).after(cursor);
      if (status != null) {
        query = query.status(status);
      }
      if (emailPrefix != null) {
        query = query.emailPrefix(emailPrefix);
      }
      if (admin != null) {
        query = query.admin(admin);
      }
      Page<User> page = cli.client().users().list(query);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("users", page.items().stream().map(Views::userRow).toList());
      result.put("next_cursor", page.nextCursor().orElse(null));
      return print(result);
    }
  }

  @Command(name = "show", description = "A user, its balance and its roles.")
  static final class Show extends Action {
    @Parameters(paramLabel = "<id|email>")
    String user;

    Show(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      User shown = cli.existingUser(user);
      UserId id = shown.id();
      Map<String, Object> result = Views.user(shown);
      result.put("is_admin", cli.client().users().isAdmin(shown));
      Balance balance = cli.client().ledger().balance(id);
      result.put("balance_available", balance.available());
      result.put("balance_held", balance.held());
      result.put("roles", List.copyOf(cli.client().roles().of(id)));
      return print(result);
    }
  }

  @Command(name = "approve", description = "Approves a pending user.")
  static final class Approve extends Action.Privileged {

    Approve(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      return print(Views.user(cli.client().users().approve(cli.user(user), actor())));
    }
  }

  @Command(name = "disable", description = "Disables a user and ends its sessions (asks first).")
  static final class Disable extends Action.Privileged {

    Disable(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      User target = cli.existingUser(user);
      UserId by = actor();
      if (!confirmed("Disable " + cli.describe(target) + " and end its sessions?")) {
        return notConfirmed();
      }
      return print(Views.user(cli.client().users().disable(target.id(), by)));
    }
  }

  @Command(name = "enable", description = "Enables a disabled user again.")
  static final class Enable extends Action.Privileged {

    Enable(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      return print(Views.user(cli.client().users().enable(cli.user(user), actor())));
    }
  }

  @Command(name = "set-admin", description = "Makes a user an admin, or not (asks first).")
  static final class SetAdmin extends Action.Privileged {

    @Parameters(index = "1", paramLabel = "<true|false>", arity = "1")
    boolean admin;

    SetAdmin(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      User target = cli.existingUser(user);
      UserId by = actor();
      String question =
          admin
              ? "Make " + cli.describe(target) + " an admin?"
              : "Take the admin flag from " + cli.describe(target) + "?";
      if (!confirmed(question)) {
        return notConfirmed();
      }
      return print(Views.user(cli.client().users().setAdmin(target.id(), admin, by)));
    }
  }
}
