package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.TestIds;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An assignment that waits in its topic while the only worker is busy keeps its lease once it is
 * delivered. The coordinator's lease runs from when it issued the assignment, so a worker that
 * counted its first renewal from the delivery alone would send it after the lease ran out: here the
 * second session's step waits 4.5 s of its 6 s lease for the worker's one slot, and its handler
 * then runs for two leases. The worker renews at once on delivery, so the step is assigned once and
 * completes once.
 */
@BatonStackTest
class WaitedAssignmentLeaseIT {

  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration WAITED = Duration.ofMillis(4_500);

  @TempDir Path dir;

  @Test
  void shouldKeepTheLeaseOfAnAssignmentThatWaitedForABusyWorker(StackAddresses stack, TestIds ids)
      throws Exception {
    var fleetBuilder = BatonFleet.builder(stack, ids, dir).topology(BatonFleet.withLease(LEASE));
    try (BatonFleet fleet = fleetBuilder.workers(0).start()) {
      CountDownLatch busyStarted = new CountDownLatch(1);
      CountDownLatch busyMayEnd = new CountDownLatch(1);
      fleet.startWorker(
          "one-slot",
          b ->
              b.maxInFlight(1).neverHandOff().agent(step -> answer(step, busyStarted, busyMayEnd)));
      BatonApi api = fleet.api(0);
      String busy = ids.sessionId();
      String waiting = ids.sessionId();

      assertThat(api.submitUntilDecided(busy, "t-1", "busy", null, 0).status()).isEqualTo(202);
      busyStarted.await();
      assertThat(api.submitUntilDecided(waiting, "t-1", "wait", null, 0).status()).isEqualTo(202);
      Instant issued = stepAssignedAt(api.eventJson(waiting));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Instant.now().isAfter(issued.plus(WAITED)));
      busyMayEnd.countDown();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> api.events(waiting).stream().anyMatch(EventSummary::endsTurn));
      assertThat(stepEvents(api.events(waiting)))
          .as("assigned once: the lease was renewed before it ran out")
          .containsExactly("StepAssigned:0", "StepCompleted:0");
      assertThat(api.turn(waiting, "t-1").turnStatus()).isEqualTo("COMPLETED");
      assertThat(api.turn(busy, "t-1").turnStatus()).isEqualTo("COMPLETED");
    }
  }

  /**
   * The busy session's step holds the worker's slot until the test lets it go; the waiting
   * session's runs for two leases, so that it completes only if its lease was renewed throughout.
   */
  private static StepResult answer(Step step, CountDownLatch busyStarted, CountDownLatch busyMayEnd)
      throws InterruptedException {
    if (step.input().equals("busy")) {
      busyStarted.countDown();
      busyMayEnd.await();
    } else {
      Thread.sleep(LEASE.multipliedBy(2).toMillis()); // A long tool; the lease must be renewed.
    }
    return StepResult.answer("done: " + step.input());
  }

  private static Instant stepAssignedAt(List<JsonNode> events) {
    return events.stream()
        .filter(event -> event.get("type").asText().equals("StepAssigned"))
        .map(event -> Instant.parse(event.get("occurredAt").asText()))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> stepEvents(List<EventSummary> events) {
    return events.stream()
        .filter(event -> event.type().startsWith("Step"))
        .map(event -> event.type() + ":" + event.attempt())
        .toList();
  }
}
