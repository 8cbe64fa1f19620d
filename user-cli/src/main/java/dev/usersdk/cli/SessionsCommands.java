package dev.usersdk.cli;

import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code sessions revoke}. */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = UserCli.Version.class,
    name = "sessions",
    description = "End a user's sessions.",
    subcommands = {SessionsCommands.Revoke.class})
final class SessionsCommands extends Group {
  @Command(
      name = "revoke",
      description = "Ends every session of a user: its tokens stop working at once (asks first).")
  static final class Revoke extends Action.Privileged {

    Revoke(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      User target = cli.existingUser(user);
      UserId by = actor();
      if (!confirmed("End every session of " + cli.describe(target) + "?")) {
        return notConfirmed();
      }
      cli.client().auth().logoutEverywhere(target.id(), by);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("user", target.id());
      result.put("sessions", "ended");
      return print(result);
    }
  }
}
