package dev.baton.coordinator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
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

  /** Runs {@code baton args...} and returns what happened. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BatonCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code baton} with {@code first} then {@code rest}. */
  public static CliRun of(List<String> first, String... rest) {
    String[] args = first.toArray(new String[0]);
    String[] all = Arrays.copyOf(args, args.length + rest.length);
    System.arraycopy(rest, 0, all, args.length, rest.length);
    return of(all);
  }

  /** The lines of stdout. */
  public List<String> outLines() {
    return out.lines().toList();
  }
}
