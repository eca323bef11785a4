package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.lock.internal.StepKeys;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link CallLock#release()} returns once the release is sent, and an acquire granted at once
 * schedules no timeout: what these shortcuts must keep, against a real Redis.
 */
@Tag("integration")
class TurnLockReleaseIT {

  private static final int STEPS = 200;
  private static final Duration TTL = Duration.ofMillis(600);

  @Test
  void shouldGrantTheCallAfterAReleaseAtOnceOnTheSameLocks() {
    TestRedis redis = TestRedis.shared();
    try (TurnLocks locks = TurnLocks.create(redis.uri(), LockOptions.defaults())) {
      long evalshaBefore = redis.commandsRun("evalsha");
      long subscribesBefore = redis.commandsRun("subscribe");

      for (int i = 0; i < STEPS; i++) {
        Steps step = Steps.of("WW");
        locks.acquire(step.call(0)).release();
        locks.acquire(step.call(1)).release(); // sent after the release: call 0 is finished
      }

      // Three scripts per step (acquire, release, acquire) and the last release: no WAIT, no retry.
      assertThat(redis.commandsRun("subscribe")).isEqualTo(subscribesBefore);
      locks.close(); // waits for the last releases
      assertThat(redis.commandsRun("evalsha") - evalshaBefore).isEqualTo(4L * STEPS);
    }
  }

  @Test
  void shouldFinishTheReleasesSentBeforeClose() {
    TestRedis redis = TestRedis.shared();
    Steps step = Steps.of("W");
    TurnLocks locks = TurnLocks.create(redis.uri(), LockOptions.defaults());
    locks.acquire(step.call(0)).release();
    locks.close();

    assertThat(redis.admin().getbit(StepKeys.of(step.call(0)).done(), 0)).isEqualTo(1L);
  }

  @Test
  void shouldLetALockWhoseReleaseFailedExpireWithItsCallUnstarted() {
    TestRedis own = TestRedis.start();
    Steps step = Steps.of("WW");
    // No backstop poll: the waiter must not run a script while scripts are refused.
    LockOptions shortTtl =
        LockOptions.builder().ttl(TTL).backstopPoll(Duration.ofMinutes(1)).build();
    try (TurnLocks locks = TurnLocks.create(own.uri(), shortTtl);
        TurnLocks other = TurnLocks.create(own.uri(), shortTtl)) {
      CallLock lock = locks.acquire(step.call(0));
      CompletableFuture<CallLock> write = other.acquireAsync(step.call(1));
      TurnLockOrderIT.assertWaiting(write);

      own.admin().aclSetuser("default", AclSetuserArgs.Builder.removeCommand(CommandType.EVALSHA));
      lock.release(); // sent; Redis refuses it (NOPERM), which is only logged
      long releasedAt = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(() -> own.commandsRejected("evalsha") == 1);
      own.admin().aclSetuser("default", AclSetuserArgs.Builder.addCommand(CommandType.EVALSHA));

      // Granted once the entry expired: TTL after its last renewal, which stopped at the release.
      CallLock redelivery = other.acquire(step.call(0));
      assertThat(Duration.ofNanos(System.nanoTime() - releasedAt))
          .isGreaterThanOrEqualTo(TTL.minus(shortTtl.renewEvery()));
      TurnLockOrderIT.assertWaiting(write); // call 0 counts as not started until its redelivery
      redelivery.release();
      write.join().release();
    } finally {
      own.close();
    }
  }

  @Test
  void shouldTimeOutWhenTheFirstAnswerComesAfterTheAcquireTimeout() {
    TestRedis redis = TestRedis.shared();
    Duration timeout = Duration.ofMillis(200);
    Steps step = Steps.of("W");
    LockOptions options = LockOptions.builder().acquireTimeout(timeout).build();
    try (TurnLocks locks = TurnLocks.create(redis.uri(), options)) {
      locks.acquire(Steps.of("W").call(0)).release(); // scripts loaded, connection warm

      redis.admin().clientPause(timeout.multipliedBy(3).toMillis());
      assertThatThrownBy(() -> locks.acquire(step.call(0)))
          .isInstanceOf(LockTimeoutException.class);

      locks.acquire(step.call(0)).release(); // the late grant was given back, the call not started
    }
  }
}
