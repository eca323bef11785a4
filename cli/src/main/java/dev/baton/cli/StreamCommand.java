package dev.baton.cli;

import dev.baton.cli.ops.TurnRenderer;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.client.ClientOptions;
import dev.baton.client.SubmitOptions;
import dev.baton.client.TurnStream;
import dev.baton.coordinator.CoordinatorConfig;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code baton stream}: shows a turn live, through the Java client's resuming stream.
 *
 * <p>{@code ./baton stream demo t-1 --submit "stream 20 100"}
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Show a turn live as a coordinator streams it: its text as it is written, steps and tool"
          + " calls as short lines, then its status and usage. A dropped connection resumes on"
          + " its own (on the next --url too). Exit code 0 when the turn completed, 2 when it"
          + " ended otherwise, 1 when it could not be streamed."
    })
final class StreamCommand implements Callable<Integer> {

  /** The exit code of a turn that ended without completing (failed, cancelled, timed out). */
  static final int EXIT_NOT_COMPLETED = 2;

  /** The system property the launcher sets to {@code true} when stdout is a terminal. */
  static final String STDOUT_TERMINAL_PROPERTY = "baton.stdout.terminal";

  /** When to dim the lines of steps and tool calls. */
  enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The turn's session.")
  String sessionId;

  @Parameters(index = "1", paramLabel = "TURN_ID", description = "The turn to show.")
  String turnId;

  @Option(
      names = "--url",
      split = ",",
      paramLabel = "URL",
      defaultValue =
          "http://"
              + CoordinatorConfig.DEFAULT_HTTP_HOST
              + ":"
              + CoordinatorConfig.DEFAULT_HTTP_PORT,
      description =
          "A coordinator's HTTP API; several, comma-separated, to resume on the next one when"
              + " one fails.")
  List<String> urls;

  @Option(
      names = "--after",
      paramLabel = "EVENT_ID",
      description = "Show the events after this event id (from an earlier stream of the turn).")
  String after;

  @Option(
      names = "--submit",
      paramLabel = "INPUT",
      description = "Submit the turn with this input first, and stream it in the same request.")
  String submit;

  @Option(
      names = "--color",
      defaultValue = "AUTO",
      description =
          "Dim the lines of steps and tool calls: auto (when stdout is a terminal), always, never.")
  ColorMode color;

  @Mixin OpsTimeoutOption timeout;
  @Mixin ApiTokenOption token;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (after != null && submit != null) {
      throw new IllegalArgumentException("give --after or --submit, not both");
    }
    try (BatonClient client = BatonClient.create(options());
        TurnStream turn =
            submit == null
                ? client.stream(sessionId, turnId, after)
                : client.submitAndStream(sessionId, turnId, submit, SubmitOptions.DEFAULTS)) {
      TurnRenderer renderer =
          new TurnRenderer(spec.commandLine().getOut(), colored(), () -> answer(client));
      turn.forEachRemaining(renderer::show);
      String status = renderer.status().orElseGet(() -> alreadyEnded(client));
      return status.equals("COMPLETED") ? 0 : EXIT_NOT_COMPLETED;
    }
  }

  /** The turn's answer, for a turn that did not stream it; empty if it cannot be read. */
  private Optional<String> answer(BatonClient client) {
    try {
      return client.status(sessionId, turnId).answer();
    } catch (BatonClientException e) {
      return Optional.empty();
    }
  }

  /** The status of a turn whose stream was empty: {@code --after} named its last event. */
  private String alreadyEnded(BatonClient client) {
    String status = client.status(sessionId, turnId).status();
    spec.commandLine().getOut().println(status + " · no event after " + after);
    spec.commandLine().getOut().flush();
    return status;
  }

  private ClientOptions options() {
    List<URI> uris = urls.stream().map(StreamCommand::uri).toList();
    ClientOptions.Builder options =
        ClientOptions.builder(uris.getFirst(), uris.subList(1, uris.size()).toArray(URI[]::new))
            .connectTimeout(timeout.timeout);
    if (token.token != null) {
      options.token(token.token);
    }
    return options.build();
  }

  private static URI uri(String url) {
    try {
      return URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url " + url + " is not a URL: " + e.getMessage());
    }
  }

  private boolean colored() {
    return switch (color) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> Boolean.getBoolean(STDOUT_TERMINAL_PROPERTY);
    };
  }
}
