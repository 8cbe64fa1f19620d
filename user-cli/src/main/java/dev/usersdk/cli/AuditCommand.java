package dev.usersdk.cli;

import dev.usersdk.Page;
import dev.usersdk.audit.AuditEntry;
import dev.usersdk.user.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "audit",
    description =
        "The audit trail of privileged acts done to a user (or, with --by, by one), newest first.")
final class AuditCommand extends Action {
  @Parameters(
      paramLabel = "<id|email>",
      description = "A user id (or the email of a user that exists).")
  String user;

  @Option(names = "--by", description = "What the user did, instead of what was done to them.")
  boolean by;

  @Option(names = "--limit", defaultValue = "50", description = "Up to this many (1 to 500).")
  int limit;

  @Option(names = "--cursor", description = "The next page, as the last one printed it.")
  String cursor;

  AuditCommand(Cli cli) {
    super(cli);
  }

  @Override
  int run() {
    UserId id = cli.user(user); // an id works for a deleted user too: the trail outlives it
    Page<AuditEntry> page =
        by
            ? cli.client().audit().byActor(id, limit, cursor)
            : cli.client().audit().ofSubject(id, limit, cursor);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("entries", page.items().stream().map(Views::audit).toList());
    result.put("next_cursor", page.nextCursor().orElse(null));
    return print(result);
  }
}
