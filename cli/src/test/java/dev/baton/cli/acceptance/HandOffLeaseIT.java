package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that hands its steps over to their leases ({@code handOffAfter(0)}) accepts a step at
 * the share group as soon as its handler starts. Shut down now while that handler runs, it cannot
 * release the step: the share group never delivers it again, and the coordinator assigns it again
 * (attempt 2) once its 4 s lease runs out; another worker answers it and the turn completes once.
 * Without the hand-off the released record would be delivered again at once, as attempt 1.
 */
@BatonStackTest
class HandOffLeaseIT {

  private static final Duration LEASE = Duration.ofSeconds(4);

  @TempDir Path dir;

  @Test
  void shouldAssignAHandedOffStepAgainWhenItsLeaseRunsOutAfterItsWorkerStopped(
      StackAddresses stack, TestIds ids) throws Exception {
    var fleetBuilder = BatonFleet.builder(stack, ids, dir).topology(BatonFleet.withLease(LEASE));
    try (BatonFleet fleet = fleetBuilder.workers(0).start()) {
      CountDownLatch started = new CountDownLatch(1);
      Worker handingOff =
          fleet.startWorker(
              "handing-off",
              b ->
                  b.maxInFlight(1)
                      .handOffAfter(Duration.ZERO)
                      .agent(
                          step -> {
                            started.countDown();
                            new CountDownLatch(1).await(); // Until interrupted.
                            return StepResult.answer("never");
                          }));
      String sessionId = ids.sessionId();
      BatonApi api = fleet.api(0);
      assertThat(api.submitUntilDecided(sessionId, "t-1", "outlive a worker", null, 0).status())
          .isEqualTo(202);
      started.await();

      handingOff.shutdownNow();
      assertThat(handingOff.awaitTermination(Duration.ofSeconds(30))).isTrue();
      fleet.startWorker("rescuer", b -> b);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "COMPLETED".equals(api.turn(sessionId, "t-1").turnStatus()));
      List<EventSummary> events = api.events(sessionId);
      List<Integer> assigned = attempts(events, "StepAssigned");
      // On a loaded machine the rescuer can join the share group after attempt 2's lease ran out
      // too, so there may be a third attempt; each one but the last ends by its lease.
      assertThat(assigned)
          .as("assigned again once the lease ran out, not delivered again by the share group")
          .hasSizeGreaterThanOrEqualTo(2)
          .doesNotHaveDuplicates();
      assertThat(attempts(events, "StepAttemptFailed"))
          .isEqualTo(assigned.subList(0, assigned.size() - 1));
      assertThat(attempts(events, "StepCompleted")).containsExactly(assigned.getLast());
      assertThat(api.history(sessionId))
          .extracting(HistoryMessage::role, HistoryMessage::content)
          .containsExactly(
              Tuple.tuple("USER", "outlive a worker"),
              Tuple.tuple("ASSISTANT", "echo: outlive a worker"));
    }
  }

  private static List<Integer> attempts(List<EventSummary> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).map(EventSummary::attempt).toList();
  }
}
