package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.BatonCli;
import dev.baton.cli.CliRun;
import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.acceptance.BatonFleet;
import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.avro.SessionEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands against real turns: {@code replay} (one session, after a cleared history,
 * and {@code --all}), {@code tail} with filters, {@code inspect}, and their one-line failures when
 * Kafka or the registry does not answer.
 */
@BatonStackTest
class OpsToolsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldReplayTranscriptsAndHonourClearedHistory(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(3).start()) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      String other = ids.sessionId();
      complete(api, session, "t-1", "first");
      complete(api, session, "t-2", "second");
      complete(api, other, "o-1", "elsewhere");
      List<String> replay = replay(stack, fleet, session);

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(CliRun.of(replay).outLines())
                      .first()
                      .isEqualTo("session " + session + ": 4 messages, seq 1..4"));
      assertThat(CliRun.of(replay).outLines())
          .containsSubsequence("    first", "    echo: first", "    second", "    echo: second");

      clearHistory(fleet, session);
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(CliRun.of(replay).err()).contains("has no history in"));
      complete(api, session, "t-3", "third");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(CliRun.of(replay).outLines())
                      .first()
                      .isEqualTo("session " + session + ": 2 messages, seq 5..6"));

      Path export = dir.resolve("all.jsonl");
      CliRun all = CliRun.of(replay(stack, fleet, "--all"), "--out", export.toString());
      assertThat(all.exitCode()).as(all.err()).isZero();
      assertThat(exported(export, session)).isEqualTo(api.history(session));
      assertThat(exported(export, other)).isEqualTo(api.history(other)).hasSize(2);
    }
  }

  @Test
  void shouldTailOnlyTheChosenSessionAndTypes(StackAddresses stack, TestIds ids, @TempDir Path dir)
      throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(3).start()) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      String other = ids.sessionId();
      complete(api, session, "before", "before the tail");
      CliRun fromBeginning =
          assertTimeoutPreemptively(
              WAIT,
              () ->
                  CliRun.of(
                      tail(stack, fleet),
                      "--from-beginning",
                      "--session",
                      session,
                      "--type",
                      "turncompleted",
                      "--json",
                      "--max",
                      "1"));
      JsonNode event = JSON.readTree(fromBeginning.out());
      assertThat(event.get("type").asText()).isEqualTo("TurnCompleted");
      assertThat(event.get("turnId").asText()).isEqualTo("before");

      EventFilter filter = EventFilter.of(session, List.of("TurnCompleted"));
      ClusterAccess access =
          new ClusterAccess(
              KafkaConnection.of(stack.kafkaBootstrap()),
              SchemaRegistryOptions.builder(stack.registryUrl()).build(),
              Duration.ofSeconds(10));
      try (EventTail tail = EventTail.open(access, fleet.layout().sessionEvents(), false, filter)) {
        complete(api, other, "elsewhere", "another session");
        complete(api, session, "after", "after the tail");
        List<SessionEvent> seen = new ArrayList<>();
        await().atMost(WAIT).until(() -> seen.addAll(tail.poll(Duration.ofMillis(200))));
        assertThat(seen).extracting(e -> e.getTurnId()).containsExactly("after");
        assertThat(EventFormat.line(seen.getFirst()))
            .contains(session + " #")
            .contains("TurnCompleted turn=after steps=1");
      }
    }
  }

  @Test
  void shouldInspectASessionThroughTheApi(StackAddresses stack, TestIds ids, @TempDir Path dir)
      throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(3).start()) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      complete(api, session, "t-1", "look at me");
      String url = "http://127.0.0.1:" + fleet.coordinator(0).httpPort();

      CliRun run = CliRun.of("inspect", session, "--url", url, "--events", "3");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.outLines().getFirst())
          .startsWith("session " + session + "  IDLE  history seq 1..2  next event #");
      assertThat(run.outLines()).contains("active  none", "recent  t-1 COMPLETED", "last 3 events");
      assertThat(run.outLines().getLast()).contains("TurnCompleted turn=t-1 steps=1");
      JsonNode json = JSON.readTree(CliRun.of("inspect", session, "--url", url, "--json").out());
      assertThat(json.get("session").get("status").asText()).isEqualTo("IDLE");
      JsonNode events = json.get("events");
      assertThat(events.size()).as("the turn's events").isEqualTo(8);
      assertThat(events.get(events.size() - 1).get("eventSeq").asLong() + 1)
          .isEqualTo(json.get("session").get("nextEventSeq").asLong());

      CliRun unknown = CliRun.of("inspect", ids.sessionId(), "--url", url);
      assertThat(unknown.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
      assertThat(unknown.err()).contains("answered 404").contains("SESSION_NOT_FOUND");
    }
  }

  @Test
  void shouldFailInOneLineWhenKafkaOrTheRegistryIsUnreachable(StackAddresses stack, TestIds ids) {
    String closedKafka = "127.0.0.1:" + FreePorts.pick();
    String closedRegistry = "http://127.0.0.1:" + FreePorts.pick() + "/apis/ccompat/v7";
    long started = System.nanoTime();

    CliRun noKafka =
        CliRun.of(
            "replay",
            "any",
            "--kafka",
            closedKafka,
            "--registry",
            stack.registryUrl(),
            "--timeout",
            "PT2S");
    CliRun noRegistry =
        CliRun.of(
            "tail",
            "--kafka",
            stack.kafkaBootstrap(),
            "--registry",
            closedRegistry,
            "--timeout",
            "PT2S");
    CliRun noTopic =
        CliRun.of(
            "replay",
            "any",
            "--kafka",
            stack.kafkaBootstrap(),
            "--registry",
            stack.registryUrl(),
            "--application-id",
            ids.applicationId());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(noKafka.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(noKafka.err().lines())
        .singleElement()
        .asString()
        .startsWith("baton replay: kafka at " + closedKafka + " is unreachable (waited 2.0 s)");
    assertThat(noRegistry.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(noRegistry.err().lines())
        .containsExactly(
            "baton tail: registry at "
                + closedRegistry
                + " is unreachable (waited 2.0 s): could not connect");
    assertThat(noTopic.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(noTopic.err().lines())
        .singleElement()
        .asString()
        .contains("topic " + ids.applicationId() + "-history-changelog does not exist");
  }

  private static List<String> connect(StackAddresses stack) {
    return List.of("--kafka", stack.kafkaBootstrap(), "--registry", stack.registryUrl());
  }

  private static List<String> tail(StackAddresses stack, BatonFleet fleet) {
    List<String> args = new ArrayList<>(List.of("tail"));
    args.addAll(connect(stack));
    args.addAll(List.of("--topic-prefix", fleet.layout().prefix()));
    return args;
  }

  private static List<String> replay(StackAddresses stack, BatonFleet fleet, String what) {
    List<String> args = new ArrayList<>(List.of("replay", what));
    args.addAll(connect(stack));
    args.addAll(List.of("--application-id", fleet.layout().applicationId(), "--progress=never"));
    return args;
  }

  private static List<HistoryMessage> exported(Path file, String session) throws Exception {
    List<HistoryMessage> messages = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode json = JSON.readTree(line);
      if (json.get("sessionId").asText().equals(session)) {
        messages.add(
            new HistoryMessage(
                json.get("seq").asLong(),
                json.get("message").get("role").asText(),
                json.get("message").get("content").asText(),
                json.get("turnId").isNull() ? null : json.get("turnId").asText()));
      }
    }
    return messages;
  }

  private static void clearHistory(BatonFleet fleet, String session) throws Exception {
    HttpRequest delete =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + fleet.coordinator(0).httpPort()
                        + "/v1/sessions/"
                        + session
                        + "/history"))
            .DELETE()
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThat(http.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(202);
    }
  }

  private static void complete(BatonApi api, String session, String turnId, String input) {
    BatonApi.Reply reply = api.submitUntilDecided(session, turnId, input, "reject", 10);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.text("answer")).isEqualTo(EchoAgent.answerTo(input));
  }
}
