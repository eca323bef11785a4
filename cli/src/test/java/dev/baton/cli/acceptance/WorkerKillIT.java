package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.CrashingWorkerMain;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.topology.TopologyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue #5): a worker killed with SIGKILL in the middle of a step stops renewing its
 * lease. The step is run again by another worker, the turn completes, and history shows the step
 * once. Two mechanisms race to rescue it, and either may win: the coordinator assigns the step
 * again (attempt 2, a new fencing token) once the 4 s lease runs out, or the broker releases the
 * dead member's record when its connection drops and the share group redelivers it (same attempt
 * and token). The first answer wins; the other, if it comes, is ignored by its token.
 */
@BatonStackTest
class WorkerKillIT {

  private static final Duration LEASE = Duration.ofSeconds(4);

  @TempDir Path dir;

  @Test
  void shouldAssignTheStepOfAKilledWorkerAgainAndCompleteTheTurnOnce(
      StackAddresses stack, TestIds ids) throws Exception {
    TopologyOptions options = BatonFleet.withLease(LEASE);
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).workers(0).topology(options).start()) {
      Process crashing = crashingWorker(stack, fleet);
      try {
        CompletableFuture<String> started = CrashingWorkerMain.firstStartedStep(crashing);
        String sessionId = ids.sessionId();
        BatonApi api = fleet.api(0);
        assertThat(api.submitUntilDecided(sessionId, "t-1", "survive a crash", null, 0).status())
            .isEqualTo(202);
        started.get(60, TimeUnit.SECONDS);
        // Up before the kill, so a second attempt finds it polling within one lease, however slow
        // a worker's start is on a loaded machine.
        fleet.startWorker("rescuer", builder -> builder);

        crashing.destroyForcibly();
        assertThat(crashing.waitFor(30, TimeUnit.SECONDS)).isTrue();

        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> "COMPLETED".equals(api.turn(sessionId, "t-1").turnStatus()));
        List<EventSummary> events = api.events(sessionId);
        long assigned = events.stream().filter(e -> e.type().equals("StepAssigned")).count();
        long failed = events.stream().filter(e -> e.type().equals("StepAttemptFailed")).count();
        assertThat(assigned).as("the step once, or again once its lease ran out").isBetween(1L, 2L);
        assertThat(failed)
            .as("a second attempt only after a LEASE_EXPIRED")
            .isEqualTo(assigned - 1);
        assertThat(api.history(sessionId))
            .extracting(HistoryMessage::role, HistoryMessage::content)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("USER", "survive a crash"),
                org.assertj.core.groups.Tuple.tuple("ASSISTANT", "echo: survive a crash"));
      } finally {
        crashing.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Process crashingWorker(StackAddresses stack, BatonFleet fleet) throws IOException {
    return CrashingWorkerMain.start(
        stack.kafkaBootstrap(),
        stack.registryUrl(),
        fleet.layout().prefix(),
        fleet.ids().shareGroupId());
  }
}
