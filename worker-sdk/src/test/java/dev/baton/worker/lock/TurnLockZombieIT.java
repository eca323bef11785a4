package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.lock.internal.StepKeys;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zombie holders against a real Redis: a holder that dies between recording its outcome and
 * releasing, a holder whose call is taken over, and a call of an ended turn still running when a
 * newer turn's call asks for the lock.
 */
@Tag("integration")
class TurnLockZombieIT {

  private static final Duration TTL = TurnLockExpiryIT.TTL;
  private static final LockOptions SHORT_TTL = TurnLockExpiryIT.SHORT_TTL;

  private final String uri = TestRedis.shared().uri();

  @Test
  void shouldGiveTheRecordedOutcomeToTheNextDeliveryInsteadOfRunningTheCallAgain() {
    Steps step = Steps.of("W");
    try (TurnLocks redelivery = TurnLocks.create(uri, SHORT_TTL)) {
      TurnLocks crashing = TurnLocks.create(uri, SHORT_TTL);
      CallLock first = crashing.acquire(step.call(0));
      assertThat(first.recordedOutcome()).isEmpty();
      first.record("outcome of the first run");
      crashing.close(); // killed after recording, before publishing and releasing

      CallLock second = redelivery.acquire(step.call(0));

      assertThat(second.recordedOutcome()).contains("outcome of the first run");
      second.release();
      assertThatThrownBy(() -> redelivery.acquire(step.call(0)))
          .isInstanceOf(CallAlreadyFinishedException.class);
    }
  }

  @Test
  void shouldLetLaterCallsStartOnceAHolderThatRecordedItsOutcomeIsGone() {
    Steps step = Steps.of("WW");
    try (TurnLocks survivor = TurnLocks.create(uri, SHORT_TTL)) {
      TurnLocks crashing = TurnLocks.create(uri, SHORT_TTL);
      crashing.acquire(step.call(0)).record("done, not yet released");
      crashing.close();

      // The call ran and its outcome is kept: the write after it need not wait for a redelivery.
      survivor.acquire(step.call(1)).release();
    }
  }

  @Test
  void shouldRefuseToRecordTheOutcomeOfACallAnotherHolderTookOver() {
    Steps step = Steps.of("W");
    try (TurnLocks locks = TurnLocks.create(uri, SHORT_TTL)) {
      CallLock lock = locks.acquire(step.call(0));
      TestRedis.shared().admin().hset(StepKeys.of(step.call(0)).holders(), "0", "1 someone-else");

      assertThatThrownBy(() -> lock.record("late")).isInstanceOf(LockLostException.class);
      assertThat(lock.isLost()).isTrue();
    }
  }

  @Test
  void shouldHoldANewerTurnsWriteUntilTheOlderTurnsRunningCallIsReleased() {
    Steps oldTurn = Steps.of("W");
    Steps newTurn = new Steps(oldTurn.sessionId(), "turn-2", 0, 2, Steps.classes("W"));
    try (TurnLocks zombie = TurnLocks.create(uri, SHORT_TTL);
        TurnLocks fresh = TurnLocks.create(uri, SHORT_TTL)) {
      CallLock running = zombie.acquire(oldTurn.call(0));

      CompletableFuture<CallLock> write = fresh.acquireAsync(newTurn.call(0));

      TurnLockOrderIT.assertWaiting(write);
      // The newer token fences the old holder: its next renewal finds it stale.
      await().atMost(Duration.ofSeconds(3)).until(running::isLost);
      running.release();
      write.join().release();
    }
  }

  @Test
  void shouldLetANewerTurnsWriteStartOnceTheOlderTurnsDeadHolderExpires() {
    Steps oldTurn = Steps.of("W");
    Steps newTurn = new Steps(oldTurn.sessionId(), "turn-2", 0, 2, Steps.classes("W"));
    try (TurnLocks fresh = TurnLocks.create(uri, SHORT_TTL)) {
      TurnLocks crashing = TurnLocks.create(uri, SHORT_TTL);
      // Redis sets the holder's expiry while the acquire runs, so time it from before the acquire;
      // Redis counts expiry in whole milliseconds, hence the one millisecond of slack.
      long acquiringAt = System.nanoTime();
      crashing.acquire(oldTurn.call(0));
      crashing.close();

      CallLock write = fresh.acquire(newTurn.call(0));

      assertThat(Duration.ofNanos(System.nanoTime() - acquiringAt))
          .isGreaterThanOrEqualTo(TTL.minusMillis(1));
      write.release();
    }
  }

  @Test
  void shouldNotHoldANewerTurnsReadBehindAnOlderTurnsRead() {
    Steps oldTurn = Steps.of("R");
    Steps newTurn = new Steps(oldTurn.sessionId(), "turn-2", 0, 2, Steps.classes("R"));
    try (TurnLocks locks = TurnLocks.create(uri, SHORT_TTL)) {
      CallLock old = locks.acquire(oldTurn.call(0));

      CallLock read = locks.acquire(newTurn.call(0));

      assertThat(read.waitTime()).isLessThan(TTL);
      read.release();
      old.release();
    }
  }
}
