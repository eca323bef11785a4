package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Assignment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunningAssignmentsTest {

  private final RunningAssignments running = new RunningAssignments();

  @Test
  void shouldCancelTheRunningHandlersOfTheStoppedTurnUpToItsToken() {
    AtomicInteger cancels = new AtomicInteger();
    var stale = running.register(step("s-1", "turn-1", 6), cancels::incrementAndGet);
    var current = running.register(step("s-1", "turn-1", 7), cancels::incrementAndGet);
    var newer = running.register(step("s-1", "turn-1", 8), cancels::incrementAndGet);

    int cancelled = running.stop("s-1", "turn-1", 7);

    assertThat(cancelled).isEqualTo(2);
    assertThat(stale.isCancelled()).isTrue();
    assertThat(current.isCancelled()).isTrue();
    assertThat(newer.isCancelled()).isFalse();
    assertThat(cancels).hasValue(2);
  }

  @Test
  void shouldLeaveNewerTurnsAndOtherSessionsRunning() {
    var newerTurn = running.register(step("s-1", "turn-2", 101), () -> {});
    var otherSession = running.register(step("s-2", "turn-1", 7), () -> {});

    assertThat(running.stop("s-1", "turn-1", 100)).isZero();
    assertThat(newerTurn.isCancelled()).isFalse();
    assertThat(otherSession.isCancelled()).isFalse();
  }

  @Test
  void shouldCancelAHandlerOnlyOnce() {
    AtomicInteger cancels = new AtomicInteger();
    running.register(step("s-1", "turn-1", 7), cancels::incrementAndGet);

    running.stop("s-1", "turn-1", 7);
    running.stop("s-1", "turn-1", 9);

    assertThat(cancels).hasValue(1);
  }

  @Test
  void shouldRegisterAnAssignmentOfAStoppedTurnAsCancelledWithoutCallingBack() {
    running.stop("s-1", "turn-1", 7);
    AtomicInteger cancels = new AtomicInteger();

    var late = running.register(step("s-1", "turn-1", 7), cancels::incrementAndGet);

    assertThat(late.isCancelled()).isTrue();
    assertThat(cancels).hasValue(0);
    assertThat(running.isStopped(step("s-1", "turn-1", 7))).isTrue();
    assertThat(running.isStopped(step("s-1", "turn-1", 8))).isFalse();
  }

  @Test
  void shouldForgetAHandlerOnceClosed() {
    AtomicInteger cancels = new AtomicInteger();
    var handle = running.register(step("s-1", "turn-1", 7), cancels::incrementAndGet);

    handle.close();
    running.stop("s-1", "turn-1", 7);

    assertThat(running.size()).isZero();
    assertThat(cancels).hasValue(0);
  }

  @Test
  void shouldForgetTheLeastRecentlyStoppedSessionBeyondItsCapacity() {
    RunningAssignments small = new RunningAssignments(2);

    small.stop("s-1", "turn-1", 1);
    small.stop("s-2", "turn-1", 1);
    small.stop("s-3", "turn-1", 1);

    assertThat(small.isStopped(step("s-1", "turn-1", 1))).isFalse();
    assertThat(small.isStopped(step("s-2", "turn-1", 1))).isTrue();
    assertThat(small.isStopped(step("s-3", "turn-1", 1))).isTrue();
  }

  @Test
  void shouldStopEveryEarlierTurnOfTheSessionWithTheLatestStop() {
    running.stop("s-1", "turn-2", 12);

    assertThat(running.isStopped(step("s-1", "turn-1", 5))).isTrue(); // its stop was compacted away
    assertThat(running.isStopped(step("s-1", "turn-3", 13))).isFalse();
  }

  @Test
  void shouldKeepTheHighestTokenAStopCovered() {
    running.stop("s-1", "turn-1", 9);
    running.stop("s-1", "turn-1", 5);

    assertThat(running.isStopped(step("s-1", "turn-1", 9))).isTrue();
  }

  private static Assignment step(String sessionId, String turnId, long token) {
    return Assignment.newBuilder(TestAssignments.agentStep(sessionId, "hi", token))
        .setTurnId(turnId)
        .build();
  }
}
