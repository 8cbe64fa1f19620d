package dev.usersdk.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.usersdk.UserSdkException;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator CLI: {@code java -jar user-cli-<version>-all.jar <command>}, reading the same {@code
 * USER_SDK_*} settings as the library. Errors print the library's stable code and exit with one of
 * {@link ExitCode}'s codes; destructive commands ask first unless given {@code --yes}.
 */
@Command(
    name = "usersdk",
    mixinStandardHelpOptions = true,
    versionProvider = UserCli.Version.class,
    description =
        "Operate a usersdk database: migrate it, check it, and fix users, credits and sessions"
            + " without writing code. Settings come from the USER_SDK_* environment variables the"
            + " library reads (USER_SDK_DB_URL ...).",
    subcommands = {
      MigrateCommand.class,
      StatusCommand.class,
      UsersCommands.class,
      CreditsCommands.class,
      SessionsCommands.class,
      RolesCommands.class,
      AuditCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failed (or status not UP, or a ledger that does not reconcile)",
      "2:wrong command line",
      "3:not confirmed: nothing changed",
      "4:no such user or record",
      "5:the actor may not do this",
      "6:refused: bad input or state, nothing changed",
      "7:retry: store unavailable, outcome unknown or a concurrent change (with the same --key)",
      "8:bad settings (or a schema behind this version: run migrate)"
    })
public final class UserCli extends Group {
  private UserCli() {}

  public static void main(String[] args) {
    // Library and pool chatter stays out of an operator's terminal; warnings still reach stderr.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    // UTF-8 whatever the platform's charset (a container's C locale would print names as '?').
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    // Questions are answered at the terminal only (as sudo asks): piped input never confirms, and
    // with no terminal at all the answer is "no" at once instead of a wait.
    InputStream answers = terminal();
    System.exit(run(args, System.getenv(), answers, out, err));
  }

  /**
   * The controlling terminal, where a person can answer even with stdout redirected ({@code --json
   * | jq}); else stdin if it is a terminal; else nothing.
   */
  private static InputStream terminal() {
    try {
      return new FileInputStream("/dev/tty");
    } catch (IOException | SecurityException e) {
      return atTerminal() ? System.in : new ByteArrayInputStream(new byte[0]);
    }
  }

  /** Whether a person can answer: stdin and stdout at a terminal. */
  @SuppressWarnings("SystemConsoleNull") // checked for what each Java does, below
  private static boolean atTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false; // Java 17 to 21: no terminal
    }
    try {
      // Java 22 and later return a console whatever the streams are; it says whether it is one.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22, a console is a terminal
    }
  }

  /**
   * Runs one command line, as {@code main} does without exiting: for tests and for hosts that embed
   * the commands. Questions are read from {@code in} (main passes the terminal, or nothing).
   *
   * @return the exit code
   */
  public static int run(
      String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    boolean json = Arrays.asList(args).contains("--json");
    try (Cli cli = new Cli(env, in, out, err)) {
      CommandLine commandLine = new CommandLine(new UserCli(), new Factory(cli));
      commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
      commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
      commandLine.setCaseInsensitiveEnumValuesAllowed(true);
      commandLine.setExecutionExceptionHandler(
          (e, command, parsed) -> {
            if (e instanceof UserSdkException failure) {
              return report(cli, json, failure.code(), failure.getMessage(), ExitCode.of(failure));
            }
            // Not the library's: its type names it; its message may not be fit to print.
            return report(cli, json, "unexpected", e.getClass().getName(), ExitCode.FAILED);
          });
      return commandLine.execute(args);
    }
  }

  private static int report(Cli cli, boolean json, String code, String message, int exitCode) {
    if (json) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", code);
      error.put("message", message);
      error.put("exit_code", exitCode);
      cli.out.println(Json.write(Map.of("error", error)));
      cli.out.flush();
    } else {
      cli.err.println("error [" + code + "]: " + Output.printable(String.valueOf(message)));
      cli.err.flush();
    }
    return exitCode;
  }

  /** Builds each command with the run's {@link Cli}. */
  private static final class Factory implements CommandLine.IFactory {
    private final Cli cli;

    Factory(Cli cli) {
      this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1
            && constructor.getParameterTypes()[0] == Cli.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(cli));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The version from the jar's manifest (none when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = UserCli.class.getPackage().getImplementationVersion();
      return new String[] {"usersdk CLI " + (version == null ? "(development)" : version)};
    }
  }
}
