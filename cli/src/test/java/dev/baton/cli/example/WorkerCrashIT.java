package dev.baton.cli.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.ShareGroups;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.WorkerResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker process killed with SIGKILL in the middle of a step loses nothing: once the share
 * group's acquisition lock of the record runs out, another worker gets it and answers.
 */
@BatonStackTest
class WorkerCrashIT {

  private static final Duration LOCK_DURATION = Duration.ofSeconds(3);
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(5);

  private WorkerFixture fixture;
  private Process crashing;

  @BeforeEach
  void start(StackAddresses stack, TestIds ids) throws Exception {
    fixture = new WorkerFixture(stack, ids);
    ShareGroups.shortenTimeouts(stack, ids.shareGroupId(), LOCK_DURATION, SESSION_TIMEOUT);
    crashing =
        CrashingWorkerMain.start(
            stack.kafkaBootstrap(),
            stack.registryUrl(),
            fixture.layout().prefix(),
            ids.shareGroupId());
  }

  @AfterEach
  void stop() throws Exception {
    crashing.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    fixture.close();
  }

  @Test
  void shouldRedeliverTheStepOfAKilledWorkerToAnotherWorker() throws Exception {
    CompletableFuture<String> started = CrashingWorkerMain.firstStartedStep(crashing);
    Assignment assignment = fixture.assign("held by a worker that dies");
    assertThat(started.get(60, TimeUnit.SECONDS)).isEqualTo(assignment.getAssignmentId());

    crashing.destroyForcibly();
    assertThat(crashing.waitFor(30, TimeUnit.SECONDS)).isTrue();
    fixture.startWorker("rescuer", new EchoAgent(), 1, 1);

    await().atMost(Duration.ofSeconds(60)).until(() -> !answers(assignment).isEmpty());
    // The rescuer may renew the lease first: the redelivered assignment was issued long before.
    List<WorkerResult> results = answers(assignment);
    assertThat(results).hasSize(1);
    assertThat(results.getFirst().getWorkerId()).isEqualTo("rescuer");
    assertThat(results.getFirst().getFencingToken()).isEqualTo(assignment.getFencingToken());
    assertThat(((AgentAnswered) results.getFirst().getBody()).getMessage().getContent())
        .isEqualTo("echo: held by a worker that dies");
  }

  /** The results for {@code assignment} other than lease renewals. */
  private List<WorkerResult> answers(Assignment assignment) {
    return fixture.resultsFor(assignment).stream()
        .filter(result -> !(result.getBody() instanceof LeaseRenewed))
        .toList();
  }
}
