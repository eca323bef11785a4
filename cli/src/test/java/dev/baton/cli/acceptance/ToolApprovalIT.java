package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tool call that needs approval waits durably: the coordinator and the worker are killed with
 * SIGKILL while it waits, a new coordinator and worker take over, and the call still waits there;
 * approved, it runs exactly once, with the approver's edit, and the turn completes. A second
 * decision is refused, and a denied call never runs: the agent sees the denial as its result.
 */
@BatonStackTest
class ToolApprovalIT {

  private static final Logger log = LoggerFactory.getLogger(ToolApprovalIT.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration TURN_TIMEOUT = Duration.ofSeconds(120);

  /** Reads note a, writes it (the call that needs approval), then reads it again. */
  private static final String SCRIPT = "tools: read a, write a=asked, read a";

  @TempDir Path dir;

  @Test
  void shouldKeepTheCallWaitingAcrossCrashesAndRunItOnceApproved(StackAddresses stack, TestIds ids)
      throws Exception {
    TopicLayout layout = ids.layout(1);
    String group = ids.shareGroupId();
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(group);
    }
    KillTests.withProcesses(
        log,
        processes -> {
          String session = ids.sessionId();
          String denied = ids.sessionId();
          BatonProcess first = coordinator("coordinator-0", stack, layout, group, processes);
          BatonProcess worker = worker("worker-0", stack, layout, group, processes);
          BatonApi api = new BatonApi(first.httpPort());
          assertThat(api.submitUntilDecided(session, "t-1", SCRIPT, null, 0).status())
              .isEqualTo(202);
          String callId = awaitWaitingCall(api, session);
          // The read before the write ran while the write waited.
          await()
              .atMost(TURN_TIMEOUT)
              .until(() -> eventsOf(api, session, "ToolCallCompleted").size() == 1);

          first.kill();
          worker.kill();
          BatonProcess second = coordinator("coordinator-1", stack, layout, group, processes);
          // The approved call goes out at once, and its 5 s lease runs from there: a worker still
          // starting would let it expire and the call go out again.
          worker("worker-1", stack, layout, group, processes)
              .awaitLogLine("Worker worker-1 started", START_TIMEOUT);
          BatonApi next = new BatonApi(second.httpPort());
          assertThat(awaitWaitingCall(next, session))
              .as("the call still waits for its approval on the new coordinator")
              .isEqualTo(callId);

          BatonApi.Reply approved =
              decide(next, session, callId, "approve", "{\"name\":\"a\",\"text\":\"approved\"}");
          assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
          assertThat(approved.text("decision")).isEqualTo("APPROVED");
          BatonApi.Reply again = decide(next, session, callId, "deny", null);
          assertThat(again.status()).isEqualTo(409);
          assertThat(again.problemCode()).isEqualTo("APPROVAL_NOT_PENDING");

          BatonApi.Reply done = awaitEnd(next, session, "t-1");
          assertThat(done.turnStatus()).isEqualTo("COMPLETED");
          assertThat(done.text("answer"))
              .as("the write ran with the approver's edit, and the read after it saw it")
              .contains("write a=asked -> wrote a")
              .endsWith("read a -> approved");
          assertThat(eventsOf(next, session, "ToolCallDispatched"))
              .filteredOn(body -> body.get("callId").asText().equals(callId))
              .as("the approved call went out once, after its approval")
              .hasSize(1);
          assertThat(eventsOf(next, session, "ToolCallCompleted"))
              .filteredOn(body -> body.get("callId").asText().equals(callId))
              .as("and ran once")
              .hasSize(1);

          assertThat(next.submitUntilDecided(denied, "t-1", SCRIPT, null, 0).status())
              .isEqualTo(202);
          String deniedCall = awaitWaitingCall(next, denied);
          assertThat(decide(next, denied, deniedCall, "deny", null).text("decision"))
              .isEqualTo("DENIED");
          BatonApi.Reply answer = awaitEnd(next, denied, "t-1");
          assertThat(answer.text("answer")).contains("write a=asked -> error: Not run");
          assertThat(eventsOf(next, denied, "ToolCallDispatched"))
              .filteredOn(body -> body.get("callId").asText().equals(deniedCall))
              .as("a denied call never goes out")
              .isEmpty();
        });
  }

  private BatonProcess coordinator(
      String name,
      StackAddresses stack,
      TopicLayout layout,
      String group,
      List<BatonProcess> processes)
      throws InterruptedException {
    BatonProcess process =
        BatonProcess.coordinator(
            name, stack, layout, group, dir, "--approval-tools=write_note", "--lease-ms=5000");
    processes.add(process);
    process.awaitHealthy(START_TIMEOUT);
    return process;
  }

  private BatonProcess worker(
      String name,
      StackAddresses stack,
      TopicLayout layout,
      String group,
      List<BatonProcess> processes) {
    BatonProcess process = BatonProcess.worker(name, stack, layout, group, dir);
    processes.add(process);
    return process;
  }

  /** The id of the one call of the session's running turn that waits for approval. */
  private static String awaitWaitingCall(BatonApi api, String session) {
    List<String> callIds = new ArrayList<>();
    await()
        .atMost(TURN_TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode waiting = api.awaitingApproval(session);
              assertThat(waiting).hasSize(1);
              assertThat(waiting.get(0).get("name").asText()).isEqualTo("write_note");
              callIds.add(waiting.get(0).get("callId").asText());
            });
    return callIds.getLast();
  }

  private static BatonApi.Reply decide(
      BatonApi api, String session, String callId, String decision, String arguments) {
    return api.decideApproval(session, "t-1", callId, decision, arguments);
  }

  private static BatonApi.Reply awaitEnd(BatonApi api, String session, String turnId) {
    return await()
        .atMost(TURN_TIMEOUT)
        .until(
            () -> api.turn(session, turnId),
            reply -> "COMPLETED".equals(reply.turnStatus()) || "FAILED".equals(reply.turnStatus()));
  }

  /** The bodies of the session's events of {@code type}, in order. */
  private static List<JsonNode> eventsOf(BatonApi api, String session, String type) {
    List<JsonNode> bodies = new ArrayList<>();
    for (JsonNode event : api.get("/v1/sessions/" + session + "/events").json().get("events")) {
      if (event.get("type").asText().equals(type)) {
        bodies.add(event.get("body"));
      }
    }
    return bodies;
  }
}
