package dev.usersdk.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code users}, {@code credits} ...): it needs one of them. */
abstract class Group implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "which one? " + spec.subcommands().keySet());
  }
}
