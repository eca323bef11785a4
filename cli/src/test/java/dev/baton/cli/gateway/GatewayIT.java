package dev.baton.cli.gateway;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.acceptance.BatonFleet;
import dev.baton.cli.acceptance.SseStream;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryChecker;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.Message;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker gateway on the embedded stack: remote workers (Python processes, or this test speaking
 * the protocol itself) run a fleet's agent steps and tool calls through it, with the SDK's
 * guarantees.
 */
@BatonStackTest
class GatewayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(1500);
  private static final Pattern TOOLS_INPUT =
      Pattern.compile("tools: remember (\\w+)=(\\w+), recall (\\w+)");

  @TempDir Path dir;

  @Test
  void shouldCompleteToolTurnsOfAPythonWorker(StackAddresses stack, TestIds ids) throws Exception {
    assumePython();
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        WorkerGateway gateway = startGateway(fleet, stack, null);
        PythonWorkerProcess python =
            PythonWorkerProcess.start(gateway.port(), dir, "py-1", Map.of())) {
      BatonApi api = fleet.api(0);
      List<String> sessionIds = new ArrayList<>();
      List<CompletableFuture<BatonApi.Reply>> turns = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String sessionId = ids.sessionId();
        sessionIds.add(sessionId);
        String input = "tools: remember n" + i + "=v" + i + ", recall n" + i;
        turns.add(
            CompletableFuture.supplyAsync(
                () -> api.submitUntilDecided(sessionId, "t-1", input, null, 60)));
      }
      HistoryChecker checker = HistoryChecker.forAgent(GatewayIT::notesAnswerTo);
      for (int i = 0; i < turns.size(); i++) {
        BatonApi.Reply reply = turns.get(i).join();
        assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
        String sessionId = sessionIds.get(i);
        checker.check(sessionId, api.history(sessionId), api.events(sessionId));
      }
    }
  }

  @Test
  void shouldShareToolTurnsBetweenAPythonAndAJavaWorker(StackAddresses stack, TestIds ids)
      throws Exception {
    assumePython();
    AtomicInteger javaRuns = new AtomicInteger();
    int sessions = 100;
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        WorkerGateway gateway = startGateway(fleet, stack, null);
        PythonWorkerProcess python =
            PythonWorkerProcess.start(gateway.port(), dir, "py-1", Map.of());
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      fleet.startWorker(
          "java-1",
          b ->
              b.redis(stack.redisUri())
                  .agent(step -> shoutAgent(step, javaRuns))
                  .tool(
                      "shout",
                      READ,
                      call -> {
                        javaRuns.incrementAndGet();
                        return ToolResult.ok(shouted(call.argumentsJson()));
                      }));
      BatonApi api = fleet.api(0);
      Map<String, Future<BatonApi.Reply>> turns = new LinkedHashMap<>();
      for (int i = 0; i < sessions; i++) {
        String sessionId = ids.sessionId();
        String input = "shout: s" + i + " a b";
        turns.put(
            sessionId,
            clients.submit(() -> api.submitUntilDecided(sessionId, "t-1", input, null, 60)));
      }
      HistoryChecker checker =
          HistoryChecker.forAgent(input -> input.substring("shout: ".length()).toUpperCase());
      for (Map.Entry<String, Future<BatonApi.Reply>> turn : turns.entrySet()) {
        BatonApi.Reply reply = turn.getValue().get();
        assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
        checker.check(turn.getKey(), api.history(turn.getKey()), api.events(turn.getKey()));
      }
      int handlerRuns = sessions * (2 + 3);
      System.out.printf(
          "Of %d steps and calls, the Java worker ran %d, the gateway the other %d%n",
          handlerRuns, javaRuns.get(), handlerRuns - javaRuns.get());
      assertThat(javaRuns.get()).isBetween(1, handlerRuns - 1);
    }
  }

  @Test
  void shouldOverlapReadsAndRunAWriteAloneInTheAgentsOrder(StackAddresses stack, TestIds ids)
      throws Exception {
    assumePython();
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start();
        WorkerGateway gateway = startGateway(fleet, stack, null);
        PythonWorkerProcess python =
            PythonWorkerProcess.start(gateway.port(), dir, "py-1", Map.of())) {
      BatonApi api = fleet.api(0);

      BatonApi.Reply reply =
          api.submitUntilDecided(ids.sessionId(), "t-1", "order: read read write read", null, 60);

      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      double[][] calls = new double[4][];
      for (int i = 0; i < calls.length; i++) {
        calls[i] =
            Arrays.stream(Files.readString(dir.resolve("call-t-1-" + i)).split(" "))
                .mapToDouble(Double::parseDouble)
                .toArray();
      }
      assertThat(calls[1][0])
          .as("the second read starts before the first ends")
          .isLessThan(calls[0][1]);
      assertThat(calls[2][0])
          .as("the write starts after both reads end")
          .isGreaterThanOrEqualTo(Math.max(calls[0][1], calls[1][1]));
      assertThat(calls[3][0])
          .as("the last read starts after the write ends")
          .isGreaterThanOrEqualTo(calls[2][1]);
    }
  }

  @Test
  void shouldGiveAStepBackToTheFleetWhenItsPythonWorkerIsKilled(StackAddresses stack, TestIds ids)
      throws Exception {
    assumePython();
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        WorkerGateway gateway = startGateway(fleet, stack, null);
        PythonWorkerProcess hanging =
            PythonWorkerProcess.start(
                gateway.port(), dir, "py-hang", Map.of("BATON_TEST_HANG", "1"))) {
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();
      assertThat(api.submitUntilDecided(sessionId, "t-1", "hang", null, 0).status()).isEqualTo(202);
      awaitMarker("running-t-1", Duration.ofSeconds(60));

      hanging.kill();
      try (PythonWorkerProcess survivor =
          PythonWorkerProcess.start(gateway.port(), dir, "py-2", Map.of())) {
        BatonApi.Reply reply = api.submitUntilDecided(sessionId, "t-1", "hang", null, 60);

        assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
        List<EventSummary> events = api.events(sessionId);
        assertThat(events).filteredOn(e -> e.type().equals("TurnCompleted")).hasSize(1);
        HistoryChecker.forAgent(input -> "survived hang")
            .check(sessionId, api.history(sessionId), events);
      }
    }
  }

  @Test
  void shouldShowACancelToThePythonHandlerWithinASecond(StackAddresses stack, TestIds ids)
      throws Exception {
    assertCancelSeenWithinASecond(stack, ids, "wait for cancel", "");
  }

  @Test
  void shouldShowACancelToAPythonToolHandlerWithinASecond(StackAddresses stack, TestIds ids)
      throws Exception {
    assertCancelSeenWithinASecond(stack, ids, "tool waits for cancel", "tool-");
  }

  /**
   * Submits {@code input}, whose handler (an agent step's, or a tool call's for the {@code tool-}
   * markers) writes {@code <markers>running-t-1} and then waits for the cancel, cancels the turn
   * and waits at most a second for {@code <markers>cancelled-t-1}.
   */
  private void assertCancelSeenWithinASecond(
      StackAddresses stack, TestIds ids, String input, String markers) throws Exception {
    assumePython();
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        WorkerGateway gateway = startGateway(fleet, stack, null);
        PythonWorkerProcess python =
            PythonWorkerProcess.start(gateway.port(), dir, "py-1", Map.of())) {
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();
      assertThat(api.submitUntilDecided(sessionId, "t-1", input, null, 0).status()).isEqualTo(202);
      awaitMarker(markers + "running-t-1", Duration.ofSeconds(60));

      BatonApi.Reply cancelled = api.cancel(sessionId, "t-1");
      double cancelledAt = System.currentTimeMillis() / 1000.0;

      assertThat(cancelled.turnStatus()).as(cancelled.toString()).isEqualTo("CANCELLED");
      awaitMarker(markers + "cancelled-t-1", Duration.ofSeconds(1));
      double sawAt = Double.parseDouble(Files.readString(dir.resolve(markers + "cancelled-t-1")));
      System.out.printf(
          "The Python %s handler saw the cancel %.0f ms after the cancel answered%n",
          markers.isEmpty() ? "agent" : "tool", (sawAt - cancelledAt) * 1000);
    }
  }

  /**
   * Also streams through the gateway: typed deltas, gathered by the SDK, reach the turn's
   * server-sent event stream with their kinds, in order.
   */
  @Test
  void shouldRefuseTheResultOfADeliveryWhoseHeartbeatsStoppedAndRunItOnceElsewhere(
      StackAddresses stack, TestIds ids) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        WorkerGateway gateway = startGateway(fleet, stack, "worker-secret")) {
      BatonApi api = fleet.api(0);
      RemoteWorkerClient remote = new RemoteWorkerClient(gateway.port(), "worker-secret");
      RemoteWorkerClient stranger = new RemoteWorkerClient(gateway.port(), "wrong");
      String sessionId = ids.sessionId();
      assertThat(stranger.pollForAgentSteps(Duration.ZERO).problemCode()).isEqualTo("UNAUTHORIZED");
      assertThat(api.submitUntilDecided(sessionId, "t-1", "hello", null, 0).status())
          .isEqualTo(202);

      RemoteWorkerClient.Reply first = remote.claimAgentStep();
      String lost = first.json().get("deliveryId").asText();
      assertThat(first.json().get("kind").asText()).isEqualTo("AGENT_STEP");
      assertThat(first.json().at("/step/input").asText()).isEqualTo("hello");
      // No heartbeats: the gateway gives the step back to the fleet, which delivers it again.
      RemoteWorkerClient.Reply second = remote.claimAgentStep();
      String again = second.json().get("deliveryId").asText();

      assertThat(again).isNotEqualTo(lost);
      RemoteWorkerClient.Reply refused = remote.answer(lost, "late");
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.problemCode()).isEqualTo("DELIVERY_ENDED");
      assertThat(refused.json().get("detail").asText()).contains("HEARTBEAT_MISSED");
      assertThat(remote.heartbeat("no-such-delivery").problemCode()).isEqualTo("UNKNOWN_DELIVERY");
      assertThat(remote.heartbeat(again).json().get("cancelled").asBoolean()).isFalse();
      assertThat(remote.delta(again, "reasoning", "a greeting, ").status()).isEqualTo(204);
      assertThat(remote.delta(again, "reasoning", "so greet back").status()).isEqualTo(204);
      assertThat(remote.delta(again, null, "hello ").status()).isEqualTo(204);
      assertThat(remote.delta(again, "text", "back").status()).isEqualTo(204);
      RemoteWorkerClient.Reply badKind = remote.delta(again, "Shouting", "HI");
      assertThat(badKind.problemCode()).isEqualTo("BAD_REQUEST");
      assertThat(badKind.json().get("field").asText()).isEqualTo("kind");
      assertThat(remote.answer(again, "hello back").status()).isEqualTo(204);
      assertThat(remote.answer(again, "twice").problemCode()).isEqualTo("DELIVERY_ENDED");

      BatonApi.Reply reply = api.submitUntilDecided(sessionId, "t-1", "hello", null, 30);
      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      HistoryChecker.forAgent(input -> "hello back")
          .check(sessionId, api.history(sessionId), api.events(sessionId));
      assertThat(textsByKind(fleet, sessionId))
          .containsExactly("reasoning:a greeting, so greet back", "text:hello back");
    }
  }

  /**
   * The turn's stream read to its end: the texts of its deltas, those of one kind in a row joined
   * (the SDK gathers what is posted within its linger into one delta, so how many there are depends
   * on timing).
   */
  private static List<String> textsByKind(BatonFleet fleet, String sessionId) throws Exception {
    List<String> texts = new ArrayList<>();
    String kind = null;
    try (SseStream stream =
        SseStream.open(
            fleet.coordinator(0).httpPort(),
            "/v1/sessions/" + sessionId + "/turns/t-1/stream",
            null)) {
      for (Optional<SseStream.Event> e = stream.next(); e.isPresent(); e = stream.next()) {
        if (e.get().type().equals("delta")) {
          String text = e.get().data().get("text").asText();
          if (e.get().data().get("kind").asText().equals(kind)) {
            texts.set(texts.size() - 1, texts.getLast() + text);
          } else {
            kind = e.get().data().get("kind").asText();
            texts.add(kind + ":" + text);
          }
        }
      }
    }
    return texts;
  }

  /** The Java twin of the Python test worker's {@code shout:} agent. */
  private static StepResult shoutAgent(Step step, AtomicInteger runs) {
    runs.incrementAndGet();
    List<String> results = new ArrayList<>();
    for (Message message : step.context()) {
      message.toolResult().ifPresent(r -> results.add(r.result().content()));
    }
    if (results.isEmpty()) {
      return StepResult.callTools(
          Arrays.stream(step.input().substring("shout:".length()).trim().split(" "))
              .map(word -> ToolCall.of("shout", "{\"text\":\"" + word + "\"}"))
              .toList());
    }
    return StepResult.answer(String.join(" ", results));
  }

  private static String shouted(String argumentsJson) throws Exception {
    return JSON.readTree(argumentsJson).get("text").asText().toUpperCase();
  }

  private static WorkerGateway startGateway(BatonFleet fleet, StackAddresses stack, String token) {
    GatewayOptions options =
        GatewayOptions.builder()
            .host("127.0.0.1")
            .port(0)
            .tool("recall", READ)
            .tool("remember", WRITE)
            .tool("shout", READ)
            .tool("probe_read", READ)
            .tool("probe_write", WRITE)
            .tool("wait_cancel", WRITE)
            .heartbeatTimeout(HEARTBEAT_TIMEOUT)
            .token(token)
            .build();
    return WorkerGateway.start(
        fleet.workerBuilder("gateway").redis(stack.redisUri()).maxInFlight(32), options);
  }

  private void awaitMarker(String name, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(dir.resolve(name)));
  }

  /** The example notes agent's answer: the write's result, then the read's. */
  private static String notesAnswerTo(String input) {
    Matcher m = TOOLS_INPUT.matcher(input);
    if (!m.matches()) {
      throw new IllegalArgumentException(input);
    }
    return "remembered " + m.group(1) + "; " + m.group(3) + "=" + m.group(2);
  }

  private static void assumePython() {
    assumeTrue(
        PythonWorkerProcess.pythonAvailable(),
        "python3 is not on this machine's PATH; the gateway's Python worker tests need it");
  }
}
