package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.example.CrashingWorkerMain;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.topology.TopologyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * and token). The first answer wins; the other, if it comes, is ignored by its token. On a loaded
 * machine the rescuer may not answer within a lease either, so the coordinator may assign the step
 * more than twice; the test checks that every attempt after the first follows a lease expiry of the
 * one before, and that exactly one attempt completes.
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
        List<String> steps = stepAttempts(api.eventJson(sessionId));
        assertThat(steps)
            .as("each attempt after the first only once its predecessor's lease ran out")
            .isEqualTo(attemptsAfterExpiriesThenAnswer(steps.size()));
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

  /**
   * The step events of the session in order, each as {@code <type>:<attempt>}, with the failure's
   * code for {@code StepAttemptFailed}: for example {@code [StepAssigned:0,
   * StepAttemptFailed:0:LEASE_EXPIRED, StepAssigned:1, StepCompleted:1]}.
   */
  private static List<String> stepAttempts(List<JsonNode> events) {
    return events.stream()
        .filter(event -> event.get("type").asText().startsWith("Step"))
        .map(WorkerKillIT::stepAttempt)
        .toList();
  }

  private static String stepAttempt(JsonNode event) {
    String type = event.get("type").asText();
    JsonNode body = event.get("body");
    String attempt = type + ":" + body.get("attempt").asInt();
    return type.equals("StepAttemptFailed")
        ? attempt + ":" + body.get("error").get("code").asText()
        : attempt;
  }

  /**
   * The step events expected when there are {@code count} of them: attempts 0, 1, ... n, each one
   * before the last failed with {@code LEASE_EXPIRED} before the next was assigned, and the last
   * completed. How many leases run out depends on how fast the rescuer polls on a loaded machine,
   * but no attempt starts before its predecessor's lease ran out and the step completes once.
   */
  private static List<String> attemptsAfterExpiriesThenAnswer(int count) {
    int last = Math.max(0, (count - 2) / 2);
    List<String> expected = new ArrayList<>();
    for (int attempt = 0; attempt < last; attempt++) {
      expected.add("StepAssigned:" + attempt);
      expected.add("StepAttemptFailed:" + attempt + ":LEASE_EXPIRED");
    }
    expected.add("StepAssigned:" + last);
    expected.add("StepCompleted:" + last);
    return expected;
  }

  private static Process crashingWorker(StackAddresses stack, BatonFleet fleet) throws IOException {
    return CrashingWorkerMain.start(
        stack.kafkaBootstrap(),
        stack.registryUrl(),
        fleet.layout().prefix(),
        fleet.ids().shareGroupId());
  }
}
