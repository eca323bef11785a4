package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import dev.baton.worker.lock.LockOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long tool does not fail the calls waiting behind it: a turn of {@code [WRITE, READ, READ]}
 * whose write runs ten times as long as a worker waits for the turn lock completes. The readers'
 * workers give up waiting again and again ({@code LOCK_TIMEOUT}) and the coordinator sends the
 * reads out again each time without counting it as a failed dispatch; before, the fourth such
 * dispatch failed the turn with {@code LIMIT_TOOL_CALL_DISPATCHES}. With the default acquire
 * timeout of 5 s the same happens to a write of 60 s; this test scales both down.
 */
@BatonStackTest
class LongToolIT {

  private static final Duration ACQUIRE_TIMEOUT = Duration.ofMillis(300);
  private static final Duration WRITE_TIME = ACQUIRE_TIMEOUT.multipliedBy(10);

  @Test
  void shouldCompleteATurnWhoseReadsWaitBehindALongWrite(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(3).workers(0).start();
        TopicReader topics = new TopicReader(stack, fleet.layout())) {
      fleet.startWorker(
          "tools-1",
          b ->
              b.maxInFlight(8)
                  .redis(stack.redisUri())
                  .lockOptions(LockOptions.builder().acquireTimeout(ACQUIRE_TIMEOUT).build())
                  .agent(LongToolIT::step)
                  .tool("write_x", WRITE, call -> longWrite())
                  .tool("read_x", READ, call -> ToolResult.ok("read")));
      String session = ids.sessionId();

      BatonApi.Reply reply = fleet.api(0).submitUntilDecided(session, "t-1", "go", "reject", 60);

      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      assertThat(reply.text("answer")).isEqualTo("done: written, read, read");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> topics.catchUp().events().getOrDefault(session, List.of()).size() > 0);
      long readDispatches =
          topics.events().get(session).stream()
              .map(SessionEvent::getBody)
              .filter(ToolCallDispatched.class::isInstance)
              .map(ToolCallDispatched.class::cast)
              .filter(dispatched -> dispatched.getName().equals("read_x"))
              .count();
      assertThat(readDispatches)
          .as("the reads went out more often than a failed call may (3 times each)")
          .isGreaterThan(2L * 3);
    }
  }

  /** Step 0 asks for a write and two reads; step 1 answers with their results in order. */
  private static StepResult step(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(
          List.of(
              ToolCall.of("write_x", "{}"),
              ToolCall.of("read_x", "{}"),
              ToolCall.of("read_x", "{}")));
    }
    List<String> results =
        step.context().stream()
            .flatMap(m -> m.toolResult().stream())
            .map(r -> r.result().content())
            .toList();
    return StepResult.answer("done: " + String.join(", ", results));
  }

  private static ToolResult longWrite() throws InterruptedException {
    Thread.sleep(WRITE_TIME);
    return ToolResult.ok("written");
  }
}
