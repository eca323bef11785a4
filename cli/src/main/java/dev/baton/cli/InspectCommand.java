package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.cli.ops.CoordinatorClient;
import dev.baton.cli.ops.SessionReport;
import dev.baton.coordinator.CoordinatorConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton inspect}: a session's state and last events, through a coordinator's HTTP API. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show a session's state, active and queued turns, recent turns and last events, read"
          + " through a coordinator's HTTP API (any instance of the fleet)."
    })
final class InspectCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SESSION_ID", description = "The session to inspect.")
  String sessionId;

  @Option(
      names = "--url",
      defaultValue =
          "http://"
              + CoordinatorConfig.DEFAULT_HTTP_HOST
              + ":"
              + CoordinatorConfig.DEFAULT_HTTP_PORT,
      description = "A coordinator's HTTP API.")
  String url;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many of the last events to show.")
  int events;

  @Option(names = "--json", description = "Print {\"session\", \"events\"} as one JSON object.")
  boolean json;

  @Mixin OpsTimeoutOption timeout;
  @Mixin ApiTokenOption token;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (events < 0 || events > 1000) {
      throw new IllegalArgumentException("--events must be from 0 to 1000, got " + events);
    }
    try (CoordinatorClient client = new CoordinatorClient(url, timeout.timeout, token.token)) {
      JsonNode session = client.session(sessionId);
      JsonNode page =
          events == 0
              ? JsonNodeFactory.instance.objectNode()
              : client.events(sessionId, SessionReport.firstEventSeq(session, events), events);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(SessionReport.json(session, page));
      } else {
        SessionReport.lines(session, page).forEach(out::println);
      }
      out.flush();
    }
    return 0;
  }
}
