package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fencing tokens and duplicate deliveries against a real Redis. */
@Tag("integration")
class TurnLockFencingIT {

  private static TurnLocks locks;
  private static TurnLocks zombie;

  @BeforeAll
  static void start() {
    String uri = TestRedis.shared().uri();
    locks = TurnLocks.create(uri, LockOptions.defaults());
    zombie = TurnLocks.create(uri, LockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    locks.close();
    zombie.close();
  }

  @Test
  void shouldRefuseStaleToken() {
    Steps attempt1 = Steps.of("W");
    Steps attempt2 = attempt1.withToken(2);
    locks.acquire(attempt2.call(0)).release();

    assertThatThrownBy(() -> zombie.acquire(attempt1.call(0)))
        .isInstanceOf(StaleTokenException.class)
        .hasMessageContaining("newest token is 2")
        .satisfies(e -> assertThat(((StaleTokenException) e).isRetryable()).isFalse())
        .satisfies(e -> assertThat(((StaleTokenException) e).newestToken()).isEqualTo(2));
  }

  @Test
  void shouldTellStaleWaiterAtOnceWhenNewerTokenArrives() {
    Steps attempt1 = Steps.of("WR");
    CallLock write = locks.acquire(attempt1.call(0));
    CompletableFuture<CallLock> staleWaiter = zombie.acquireAsync(attempt1.call(1));
    TurnLockOrderIT.assertWaiting(staleWaiter);

    // The coordinator re-assigns the step with token 2; its first acquire fences token 1 (and
    // waits for the write of token 1, which still runs).
    CompletableFuture<CallLock> newAttempt = locks.acquireAsync(attempt1.withToken(2).call(0));

    assertThatThrownBy(staleWaiter::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StaleTokenException.class);
    write.release();
    newAttempt.join().release();
  }

  @Test
  void shouldHoldNewAttemptBackOnlyUntilTheFencedOldLockExpires() {
    Duration ttl = Duration.ofMillis(600);
    LockOptions shortTtl = LockOptions.builder().ttl(ttl).build();
    Steps attempt1 = Steps.of("WW");
    try (TurnLocks oldWorker = TurnLocks.create(TestRedis.shared().uri(), shortTtl)) {
      CallLock oldWrite = oldWorker.acquire(attempt1.call(0)); // renewed until fenced

      Steps attempt2 = attempt1.withToken(7);
      locks.acquire(attempt2.call(0)).release(); // its token stops the old lock's renewals
      locks.acquire(attempt2.call(1)).release();

      assertThat(oldWrite.isLost()).isTrue();
      oldWrite.release();
    }
  }

  @Test
  void shouldRefuseSecondDeliveryOfFinishedCall() {
    Steps step = Steps.of("RW");
    locks.acquire(step.call(0)).release();

    assertThatThrownBy(() -> zombie.acquire(step.call(0)))
        .isInstanceOf(CallAlreadyFinishedException.class)
        .satisfies(e -> assertThat(((CallAlreadyFinishedException) e).isRetryable()).isFalse());
  }

  @Test
  void shouldMakeSecondDeliveryWaitWhileFirstHoldsTheCall() {
    Steps step = Steps.of("W");
    CallLock first = locks.acquire(step.call(0));
    CompletableFuture<CallLock> second = zombie.acquireAsync(step.call(0));
    TurnLockOrderIT.assertWaiting(second);

    first.abandon(); // a retryable failure: the call stays unstarted and the redelivery runs it

    second.join().release();
  }
}
