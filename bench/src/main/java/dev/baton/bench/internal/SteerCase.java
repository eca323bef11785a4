package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.internal.SteerSightings.Kind;
import dev.baton.bench.internal.SteerSightings.Sighting;
import dev.baton.coordinator.topology.ProcessingMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How fast a steered message reaches the running turn: sessions that each run one slow turn of the
 * example agent ({@code steerable <steps> <ms>}: steps that each think, then call a tool) and send
 * it messages with {@code onBusy=steer} at a fixed interval while it runs. Each message's latency
 * runs from its acceptance to the assignment of the agent step that first carries it, both times
 * the coordinator's own events ({@link SteerSightings}); a message that no step saw is an error.
 */
public final class SteerCase {

  /** How long a request waits for its turn to end ({@code ?wait=}). */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] COLUMNS = {
    "case",
    "messages",
    "seen",
    "seen as own turn",
    "lost",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "errors"
  };

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public SteerCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /**
   * The slow turn of {@code steer}: a step thinks a quarter longer than the interval between
   * messages, and the turn takes two steps more than the messages need, so that every message
   * arrives while it runs.
   */
  static String slowTurnInput(Sizes.Steer steer) {
    long think = steer.interval().toMillis() * 5 / 4;
    long sending = steer.interval().toMillis() * (steer.messages() + 1);
    long steps = (sending + think - 1) / think + 2;
    return "steerable " + steps + " " + think;
  }

  /**
   * The row of {@code sightings}: the latencies of the messages a step saw, the counts of each
   * kind, and the errors: each lost message and each of {@code failures} (a session whose requests
   * failed, its messages not counted).
   */
  static Table table(Sizes.Steer steer, List<Sighting> sightings, List<String> failures) {
    Latencies latencies = new Latencies(sightings.size());
    List<String> lost = new ArrayList<>();
    for (Sighting sighting : sightings) {
      if (sighting.kind() == Kind.LOST) {
        lost.add(sighting.messageId());
      } else {
        latencies.record(0, sighting.latency().toNanos());
      }
    }
    Table table =
        new Table("steer", "Steered messages: from the submit to the step that sees it", COLUMNS)
            .row(
                steer.row(),
                sightings.size(),
                latencies.count(),
                sightings.stream().filter(s -> s.kind() == Kind.OWN_TURN).count(),
                lost.size(),
                latencies.percentileMillis(50),
                latencies.percentileMillis(90),
                latencies.percentileMillis(99),
                latencies.maxMillis(),
                lost.size() + failures.size());
    if (!lost.isEmpty()) {
      table.note("lost: " + lost + ".");
    }
    if (!failures.isEmpty()) {
      table.note("failed sessions: " + String.join("; ", failures.stream().limit(5).toList()));
    }
    return table;
  }

  /** The sessions at once, on a fresh coordinator (EOS) after the warm-up. */
  public List<Table> run() throws IOException, InterruptedException {
    Sizes.Steer steer = settings.sizes().steer();
    List<Sighting> sightings = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (Deployment deployment =
            turns.deploy("steer", ProcessingMode.EXACTLY_ONCE, Deployment.Extras.NONE);
        HttpTurnDriver warmUp =
            new HttpTurnDriver(deployment.coordinator().httpBase(), TurnCases.HTTP_CLIENT_THREADS);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService sessions = Executors.newVirtualThreadPerTaskExecutor()) {
      turns.warmUp(new TurnLoads(warmUp, settings.runId()));
      URI base = deployment.coordinator().httpBase();
      List<Future<List<Sighting>>> futures = new ArrayList<>();
      for (int i = 0; i < steer.sessions(); i++) {
        String sessionId = TurnLoads.sessionId(settings.runId(), "steer", i);
        long offset = steer.interval().toMillis() * i / steer.sessions();
        futures.add(sessions.submit(() -> session(http, base, sessionId, steer, offset)));
      }
      for (Future<List<Sighting>> future : futures) {
        try {
          sightings.addAll(future.get());
        } catch (ExecutionException e) {
          failures.add(String.valueOf(e.getCause()));
        }
      }
    }
    Table table = table(steer, sightings, List.copyOf(failures));
    sightingsNote(table, steer);
    return List.of(table);
  }

  private static void sightingsNote(Table table, Sizes.Steer steer) {
    table.note(
        "Each of "
            + steer.sessions()
            + " sessions runs one turn of the example agent, \""
            + slowTurnInput(steer)
            + "\" (steps that each think, then call list_notes), and sends it "
            + steer.messages()
            + " messages with onBusy=steer, "
            + steer.interval().toMillis()
            + " ms apart, the sessions' sends spread over one interval; all at once, through the"
            + " HTTP API, on a fresh coordinator (EOS) after the warm-up. Latency: from the"
            + " message's TurnAccepted to the StepAssigned of the step that first carries it (the"
            + " one SteeredInputsDelivered names, or the first step of its own turn if the turn it"
            + " joined ended first), both the coordinator's event times (milliseconds). It"
            + " includes the wait for the running step to end, up to one step's think time. A"
            + " message that no step saw is lost, an error of the case.");
  }

  /** One session's turn and messages, then its events' sightings. */
  private List<Sighting> session(
      HttpClient http, URI base, String sessionId, Sizes.Steer steer, long offsetMillis)
      throws IOException, InterruptedException {
    SessionClient client = new SessionClient(http, base, sessionId);
    Thread.sleep(offsetMillis);
    client.expect(client.submit("slow", slowTurnInput(steer), "reject", false), 202, "slow turn");
    List<String> messageIds = new ArrayList<>();
    for (int k = 1; k <= steer.messages(); k++) {
      Thread.sleep(steer.interval().toMillis());
      String id = "m" + k;
      messageIds.add(id);
      client.expect(client.submit(id, "message " + k, "steer", false), 202, id);
    }
    client.expect(client.submit("slow", slowTurnInput(steer), "reject", true), 200, "slow end");
    for (String id : messageIds) {
      client.expect(client.submit(id, "message " + id.substring(1), "steer", true), 200, id);
    }
    return SteerSightings.of(client.events(), messageIds);
  }

  /** A session's requests. */
  private record SessionClient(HttpClient http, URI base, String sessionId) {

    /** Submits turn {@code turnId}, waiting for its end if {@code waitForEnd}. */
    HttpResponse<String> submit(String turnId, String input, String onBusy, boolean waitForEnd)
        throws IOException, InterruptedException {
      String body =
          JSON.createObjectNode()
              .put("turnId", turnId)
              .put("input", input)
              .put("onBusy", onBusy)
              .toString();
      String wait = waitForEnd ? "?wait=" + WAIT.toSeconds() : "";
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("/v1/sessions/" + sessionId + "/turns" + wait))
              .timeout(WAIT.plusSeconds(15))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Checks that {@code response} has {@code status}. */
    void expect(HttpResponse<String> response, int status, String what) throws IOException {
      if (response.statusCode() != status) {
        throw new IOException(
            sessionId + " " + what + ": HTTP " + response.statusCode() + " " + response.body());
      }
    }

    /** All the session's events, page by page. */
    List<JsonNode> events() throws IOException, InterruptedException {
      List<JsonNode> events = new ArrayList<>();
      String from = "0";
      while (from != null) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    base.resolve("/v1/sessions/" + sessionId + "/events?limit=500&from=" + from))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        expect(response, 200, "events");
        JsonNode page = JSON.readTree(response.body());
        page.path("events").forEach(events::add);
        from = page.path("nextFrom").isNumber() ? page.path("nextFrom").asText() : null;
      }
      return events;
    }
  }
}
