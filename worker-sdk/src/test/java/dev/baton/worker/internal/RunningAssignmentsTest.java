package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.avro.Assignment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
  void shouldInterruptACancelledHandlerThatIgnoresItsCancellationForTheGrace() {
    RunningAssignments graced = new RunningAssignments(Duration.ofMillis(200));
    CountDownLatch registered = new CountDownLatch(1);
    CompletableFuture<Long> interruptedAfter = new CompletableFuture<>();
    long[] stoppedAt = new long[1];
    Thread.ofVirtual()
        .start(
            () -> {
              try (var handle = graced.register(step("s-1", "turn-1", 7), () -> {})) {
                registered.countDown();
                Thread.sleep(Duration.ofMinutes(10)); // ignores isCancelled()
              } catch (InterruptedException e) {
                interruptedAfter.complete(System.nanoTime() - stoppedAt[0]);
              }
            });
    await().until(() -> registered.getCount() == 0);

    stoppedAt[0] = System.nanoTime();
    graced.stop("s-1", "turn-1", 7);

    await().atMost(Duration.ofSeconds(5)).until(interruptedAfter::isDone);
    assertThat(Duration.ofNanos(interruptedAfter.join()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void shouldNotInterruptAHandlerThatEndedWithinTheGrace() throws Exception {
    RunningAssignments graced = new RunningAssignments(Duration.ofMillis(100));
    var handle = graced.register(step("s-1", "turn-1", 7), () -> {});

    graced.stop("s-1", "turn-1", 7);
    handle.close();

    // This thread is the handler's: the rest of its run, longer than the grace, is not interrupted.
    Thread.sleep(300);
    assertThat(Thread.interrupted()).isFalse();
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
