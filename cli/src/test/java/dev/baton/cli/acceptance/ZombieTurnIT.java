package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation is a barrier against zombie work: a worker started after a cancel does not run the
 * cancelled turn's leftover assignment, and the write of a turn that interrupts another starts only
 * after the interrupted turn's running write finished.
 */
@BatonStackTest
class ZombieTurnIT {

  private final Set<String> agentInputs = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> writeStarted = new ConcurrentHashMap<>();
  private final Map<String, Long> writeFinished = new ConcurrentHashMap<>();

  @TempDir Path dir;

  @Test
  void shouldNotRunACancelledTurnsLeftoverStepOnAWorkerStartedLater(
      StackAddresses stack, TestIds ids) {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();
      assertThat(api.submitUntilDecided(sessionId, "t-1", "cancelled", null, 0).status())
          .isEqualTo(202);
      assertThat(api.cancel(sessionId, "t-1").turnStatus()).isEqualTo("CANCELLED");

      // Started after the cancel; its step of t-1 waits in the assignments topic.
      fleet.startWorker("late", b -> b.maxInFlight(1).agent(this::answer));
      BatonApi.Reply next = api.submitUntilDecided(sessionId, "t-2", "after", null, 60);

      assertThat(next.turnStatus()).as(next.toString()).isEqualTo("COMPLETED");
      assertThat(agentInputs).containsExactly("after");
    }
  }

  @Test
  void shouldStartTheInterruptingTurnsWriteOnlyAfterTheInterruptedWriteFinished(
      StackAddresses stack, TestIds ids) {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      fleet.startWorker(
          "tools",
          b ->
              b.maxInFlight(4)
                  .redis(stack.redisUri())
                  .agent(step -> WriteOnceAgent.step(step, "write_slowly"))
                  .tool("write_slowly", WRITE, this::write));
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();
      assertThat(api.submitUntilDecided(sessionId, "t-1", "old", null, 0).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> writeStarted.containsKey("old"));

      BatonApi.Reply interrupting =
          api.submitUntilDecided(sessionId, "t-2", "new", "interrupt", 60);

      assertThat(interrupting.turnStatus()).as(interrupting.toString()).isEqualTo("COMPLETED");
      assertThat(writeFinished).containsKey("old");
      assertThat(writeStarted.get("new")).isGreaterThanOrEqualTo(writeFinished.get("old"));
    }
  }

  private StepResult answer(Step step) {
    agentInputs.add(step.input());
    return StepResult.answer("done: " + step.input());
  }

  /** The old turn's write runs 3 s and ignores cancellation, as a careless tool would. */
  private ToolResult write(ToolInvocation call) throws InterruptedException {
    String turn = call.argumentsJson().contains("old") ? "old" : "new";
    writeStarted.put(turn, System.nanoTime());
    if (turn.equals("old")) {
      Thread.sleep(3_000);
    }
    writeFinished.put(turn, System.nanoTime());
    return ToolResult.ok("wrote " + turn);
  }
}
