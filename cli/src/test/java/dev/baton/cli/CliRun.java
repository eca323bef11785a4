package dev.baton.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of the {@code baton} command line in this JVM, with its exit code and what it wrote.
 *
 * <pre>{@code
 * CliRun run = CliRun.of("replay", "chat-42", "--kafka", bootstrap, "--registry", url);
 * assertThat(run.exitCode()).isZero();
 * }</pre>
 *
 * @param exitCode the exit code
 * @param out what it wrote to stdout
 * @param err what it wrote to stderr
 */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code baton args...} with this process's environment. */
  public static CliRun of(String... args) {
    return run(BatonCli.commandLine(), args);
  }

  /** Runs {@code baton} with {@code first} then {@code rest}. */
  public static CliRun of(List<String> first, String... rest) {
    String[] args = first.toArray(new String[0]);
    String[] all = Arrays.copyOf(args, args.length + rest.length);
    System.arraycopy(rest, 0, all, args.length, rest.length);
    return of(all);
  }

  /** Runs {@code baton args...} with {@code env} as its environment. */
  static CliRun execute(Map<String, String> env, String... args) {
    return run(BatonCli.commandLine(env), args);
  }

  /** Parses {@code args} (a subcommand and its options) and returns the subcommand's object. */
  @SuppressWarnings("unchecked")
  static <T> T parse(Map<String, String> env, String... args) {
    return (T) BatonCli.commandLine(env).parseArgs(args).subcommand().commandSpec().userObject();
  }

  /** The lines of stdout. */
  public List<String> outLines() {
    return out.lines().toList();
  }

  private static CliRun run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
