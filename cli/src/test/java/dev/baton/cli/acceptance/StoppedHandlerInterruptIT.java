package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler of a cancelled turn that ignores {@code isCancelled()} is interrupted once its cancel
 * grace has passed, so its thread and its turn lock are freed: the next turn's write, which
 * conflicts with it, runs on the same one-slot worker.
 */
@BatonStackTest
class StoppedHandlerInterruptIT {

  private static final Duration GRACE = Duration.ofSeconds(1);

  /** How much later than the grace the interrupt may come: the signal's way and the timer's. */
  private static final Duration MARGIN = Duration.ofSeconds(4);

  private final AtomicLong interruptedAt = new AtomicLong();
  private final Map<String, Long> writeStarted = new ConcurrentHashMap<>();

  @TempDir Path dir;

  @Test
  void shouldInterruptACancelledToolThatIgnoresItsCancellationAfterTheGrace(
      StackAddresses stack, TestIds ids) {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      fleet.startWorker(
          "one-slot",
          b ->
              b.maxInFlight(1)
                  .cancelGrace(GRACE)
                  .redis(stack.redisUri())
                  .agent(step -> WriteOnceAgent.step(step, "write_forever"))
                  .tool("write_forever", WRITE, this::write));
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();
      assertThat(api.submitUntilDecided(sessionId, "t-1", "old", null, 0).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> writeStarted.containsKey("old"));

      long cancelledAt = System.nanoTime();
      assertThat(api.cancel(sessionId, "t-1").turnStatus()).isEqualTo("CANCELLED");

      await().atMost(GRACE.plus(MARGIN)).until(() -> interruptedAt.get() != 0);
      Duration cancelToInterrupt = Duration.ofNanos(interruptedAt.get() - cancelledAt);
      BatonApi.Reply next = api.submitUntilDecided(sessionId, "t-2", "new", null, 60);

      assertThat(next.turnStatus()).as(next.toString()).isEqualTo("COMPLETED");
      assertThat(writeStarted).containsKey("new");
      System.out.printf(
          "Cancel to interrupt of a tool ignoring it, grace %d ms: %d ms%n",
          GRACE.toMillis(), cancelToInterrupt.toMillis());
    }
  }

  /** The old turn's write blocks for 10 minutes and ignores cancellation, as a stuck tool would. */
  private ToolResult write(ToolInvocation call) throws InterruptedException {
    String turn = call.argumentsJson().contains("old") ? "old" : "new";
    writeStarted.put(turn, System.nanoTime());
    if (turn.equals("old")) {
      try {
        Thread.sleep(Duration.ofMinutes(10));
      } catch (InterruptedException e) {
        interruptedAt.set(System.nanoTime());
        throw e;
      }
    }
    return ToolResult.ok("wrote " + turn);
  }
}
