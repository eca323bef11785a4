package dev.baton.cli;

import dev.baton.cli.config.Settings;
import dev.baton.client.BatonClientException;
import dev.baton.schemas.BatonException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code baton} command line, run by the {@code ./baton} launcher.
 *
 * <p>{@code ./baton dev --http-port 8080}
 */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    versionProvider = BatonVersion.class,
    description = "Baton: an event-sourced session coordinator on Kafka for LLM agent workers.",
    subcommands = {
      DevCommand.class,
      CoordinatorCommand.class,
      WorkerCommand.class,
      GatewayCommand.class,
      StackCommand.class,
      ReplayCommand.class,
      TailCommand.class,
      InspectCommand.class,
      StreamCommand.class,
      AclsCommand.class,
      TokenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BatonCli {

  /** The exit code of a command that failed with a Baton error. */
  public static final int EXIT_FAILURE = 1;

  private BatonCli() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, reading settings from this process's environment. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /**
   * The configured command line, reading {@code BATON_*} settings from {@code env}; for tests and
   * embedding.
   *
   * <p>{@code BatonCli.commandLine(Map.of("BATON_HTTP_PORT", "0")).execute("dev")}
   */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine commandLine =
        new CommandLine(new BatonCli())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(BatonCli::reportFailure);
    return Settings.install(commandLine, env);
  }

  /**
   * A Baton failure (bad setting, unreachable part) or an invalid argument is one clear line, not a
   * stack trace.
   */
  private static int reportFailure(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    if (!(e instanceof BatonException
        || e instanceof BatonClientException
        || e instanceof IllegalArgumentException)) {
      throw e;
    }
    commandLine.getErr().println("baton " + commandLine.getCommandName() + ": " + e.getMessage());
    return EXIT_FAILURE;
  }
}
