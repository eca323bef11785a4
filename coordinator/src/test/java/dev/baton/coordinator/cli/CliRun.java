package dev.baton.coordinator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of the {@code baton} command line with a given environment, its output captured.
 *
 * @param exitCode the exit code
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun execute(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = BatonCli.commandLine(env);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Parses {@code args} (a subcommand and its options) and returns the subcommand's object. */
  @SuppressWarnings("unchecked")
  static <T> T parse(Map<String, String> env, String... args) {
    return (T) BatonCli.commandLine(env).parseArgs(args).subcommand().commandSpec().userObject();
  }
}
