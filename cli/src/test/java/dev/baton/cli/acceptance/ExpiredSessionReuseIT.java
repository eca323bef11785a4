package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session id used again after its session expired starts a new life whose fencing tokens and
 * event ids are new: its tool calls take the Redis turn lock (whose {@code baton:{s}:token} still
 * holds the newest token of the first life) and run, and no event id or {@code eventSeq} on the
 * session-events topic repeats. Before session epochs the new life counted its tokens from 1 again,
 * below the token Redis kept, so its calls were refused as {@code STALE_FENCING_TOKEN}; and its
 * events were numbered from 0 again, with the ids of the first life's events.
 */
@BatonStackTest
class ExpiredSessionReuseIT {

  private static final Duration IDLE_TTL = Duration.ofSeconds(3);

  @Test
  void shouldRunToolCallsWithNewTokensAndNewEventIdsAfterExpiryAndReuse(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    TopologyOptions expiring =
        TopologyOptions.builder()
            .limits(SessionLimits.builder().idleTimeToLive(Optional.of(IDLE_TTL)).build())
            .timerInterval(Duration.ofMillis(100))
            .build();
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir)
                .partitions(2)
                .workers(0)
                .topology(expiring)
                .start();
        TopicReader topics = TopicReader.withWorkerTopics(stack, fleet.layout())) {
      fleet.startWorker(
          "tools-1",
          b ->
              b.redis(stack.redisUri())
                  .agent(ExpiredSessionReuseIT::step)
                  .tool("write_x", WRITE, call -> ToolResult.ok("written")));
      String session = ids.sessionId();
      BatonApi api = fleet.api(0);
      // The first life: two turns, each with a locked tool call, so Redis keeps a token above the
      // ones the second life would have had without epochs.
      assertCompleted(api.submitUntilDecided(session, "t-1", "go", "reject", 60));
      assertCompleted(api.submitUntilDecided(session, "t-2", "go", "reject", 60));
      await().atMost(Duration.ofSeconds(60)).until(() -> api.session(session).status() == 404);

      assertCompleted(api.submitUntilDecided(session, "t-1", "go", "reject", 60));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lastType(topics.catchUp().events().get(session)).equals("TurnCompleted"));
      List<SessionEvent> events = topics.events().get(session);
      assertThat(events)
          .extracting(SessionEvent::getBody)
          .hasAtLeastOneElementOfType(SessionExpired.class);
      assertThat(events).extracting(SessionEvent::getEventId).doesNotHaveDuplicates();
      assertThat(events).extracting(SessionEvent::getEventSeq).isSorted().doesNotHaveDuplicates();
      assertThat(topics.workerResults(session))
          .extracting(WorkerResult::getBody)
          .noneMatch(ToolCallNotStarted.class::isInstance);
    }
  }

  private static void assertCompleted(BatonApi.Reply reply) {
    assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
    assertThat(reply.text("answer")).isEqualTo("done: written");
  }

  private static String lastType(List<SessionEvent> events) {
    return events == null ? "" : events.getLast().getBody().getClass().getSimpleName();
  }

  /** Step 0 asks for one write; step 1 answers with its result, the context's last message. */
  private static StepResult step(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(List.of(ToolCall.of("write_x", "{}")));
    }
    String result = step.context().getLast().toolResult().orElseThrow().result().content();
    return StepResult.answer("done: " + result);
  }
}
