package dev.usersdk.cli;

import dev.usersdk.Page;
import dev.usersdk.ValidationException;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Reconciliation;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credits grant | adjust | history | reconcile}. */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = UserCli.Version.class,
    name = "credits",
    description =
        "Grant or adjust credits, read a user's ledger, check that it explains the balance.",
    subcommands = {
      CreditsCommands.Grant.class,
      CreditsCommands.Adjust.class,
      CreditsCommands.History.class,
      CreditsCommands.Reconcile.class
    })
final class CreditsCommands extends Group {
  /** What grant and adjust share: a user, a reason, a key that makes a rerun safe. */
  abstract static class Adjustment extends Action.Privileged {

    @Option(
        names = "--reason",
        required = true,
        description = "Why (kept in the ledger and the audit trail).")
    String reason;

    @Option(
        names = "--key",
        description =
            "An idempotency key: running the command again with it changes nothing more (recommended"
                + " in scripts).")
    String key;

    Adjustment(Cli cli) {
      super(cli);
    }

    int adjust(Credits delta) {
      // Everything that can be refused is refused before the question.
      if (delta.isZero()) {
        throw new ValidationException("amount", "an adjustment must not be zero");
      }
      if (reason.isBlank()) {
        throw new ValidationException("reason", "a reason is required");
      }
      // Without a key of the operator's, one is made and shown first: if the answer is lost
      // (exit 7), running again with --key <it> cannot grant twice.
      String given = key != null ? key : "cli-" + UUID.randomUUID();
      IdempotencyKey idempotencyKey = IdempotencyKey.of(given);
      if (key == null) {
        cli.err.println("idempotency key: " + given + " (rerun with --key " + given + ")");
      }
      User target = cli.existingUser(user);
      UserId by = actor();
      String change =
          delta.isPositive()
              ? "Add " + delta + " credits to "
              : "Take " + delta.negate() + " credits from ";
      if (!confirmed(change + cli.describe(target) + "?")) {
        return notConfirmed();
      }
      LedgerEntry entry =
          cli.client().ledger().adjust(target.id(), delta, reason, by, idempotencyKey);
      return print(Views.entry(entry));
    }
  }

  @Command(name = "grant", description = "Adds credits to a user's balance (asks first).")
  static final class Grant extends Adjustment {
    @Parameters(
        index = "1",
        paramLabel = "<amount>",
        description = "A positive amount, e.g. 10 or 2.50.")
    String amount;

    Grant(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      Credits credits = Credits.of(amount);
      if (!credits.isPositive()) {
        throw new ValidationException(
            "amount", "a grant is a positive amount; use adjust to take credits");
      }
      return adjust(credits);
    }
  }

  @Command(
      name = "adjust",
      description = "Adds (positive) or takes (negative) credits (asks first).")
  static final class Adjust extends Adjustment {
    @Parameters(index = "1", paramLabel = "<delta>", description = "E.g. 5, -2.50.")
    String delta;

    Adjust(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      return adjust(Credits.of(delta));
    }
  }

  @Command(name = "history", description = "A user's ledger entries, newest first.")
  static final class History extends Action {
    @Parameters(paramLabel = "<id|email>")
    String user;

    @Option(names = "--limit", defaultValue = "50", description = "Up to this many (1 to 500).")
    int limit;

    @Option(names = "--cursor", description = "The next page, as the last one printed it.")
    String cursor;

    History(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      Page<LedgerEntry> page = cli.client().ledger().history(cli.user(user), limit, cursor);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("entries", page.items().stream().map(Views::entry).toList());
      result.put("next_cursor", page.nextCursor().orElse(null));
      return print(result);
    }
  }

  @Command(
      name = "reconcile",
      description = "Whether the ledger explains the stored balance; exits 1 when it does not.")
  static final class Reconcile extends Action {
    @Parameters(paramLabel = "<id|email>")
    String user;

    Reconcile(Cli cli) {
      super(cli);
    }

    @Override
    int run() {
      Reconciliation check = cli.client().ledger().reconcile(cli.user(user));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("user", check.userId());
      result.put("consistent", check.consistent());
      result.put("stored_balance", check.storedBalance());
      result.put("entries_total", check.entriesTotal());
      result.put("difference", check.difference());
      result.put("entries", check.entries());
      print(result);
      return check.consistent() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
