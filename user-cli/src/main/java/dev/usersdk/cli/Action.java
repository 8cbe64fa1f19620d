package dev.usersdk.cli;

import dev.usersdk.user.UserId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command that does something: prints its result as text or, with {@code --json}, as JSON. */
abstract class Action implements Callable<Integer> {
  @Option(names = "--json", arity = "0", description = "Print the result as JSON.")
  boolean json;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  final Cli cli;

  Action(Cli cli) {
    this.cli = cli;
  }

  @Override
  public final Integer call() {
    return run();
  }

  abstract int run();

  int print(Object result) {
    Output.print(cli.out, json, result);
    return ExitCode.OK;
  }

  /**
   * A privileged act on one user (the first parameter): done as an admin (or a holder of its
   * permission), some after a question.
   */
  abstract static class Privileged extends Action {
    @Parameters(index = "0", paramLabel = "<id|email>")
    String user;

    @Option(
        names = "--actor",
        paramLabel = "<id|email>",
        description =
            "Who does it (an admin, or a holder of the permission); default $" + Cli.ACTOR)
    String actor;

    @Option(
        names = {"-y", "--yes"},
        arity = "0",
        description = "Do not ask for confirmation.")
    boolean yes;

    Privileged(Cli cli) {
      super(cli);
    }

    UserId actor() {
      return cli.actor(actor);
    }

    /** Whether to go on: {@code --yes}, or a {@code yes} typed at the question. */
    boolean confirmed(String question) {
      return yes || cli.confirmed(question);
    }

    int notConfirmed() {
      cli.err.println("not confirmed: nothing was changed");
      return ExitCode.NOT_CONFIRMED;
    }
  }
}
