package dev.baton.coordinator.cli;

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
    subcommands = {DevCommand.class, CoordinatorCommand.class, CommandLine.HelpCommand.class})
public final class BatonCli {

  private BatonCli() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine() {
    return new CommandLine(new BatonCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
