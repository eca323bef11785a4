package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** TTL, renewal and crashed holders against a real Redis. */
@Tag("integration")
class TurnLockExpiryIT {

  /** A short TTL, so that expiry tests are quick. */
  static final Duration TTL = Duration.ofMillis(600);

  /** {@link #TTL}, a quick backstop poll and a long acquire timeout. */
  static final LockOptions SHORT_TTL =
      LockOptions.builder()
          .ttl(TTL)
          .backstopPoll(Duration.ofMillis(200))
          .acquireTimeout(Duration.ofSeconds(10))
          .build();

  private final String uri = TestRedis.shared().uri();

  @Test
  void shouldExpireCrashedHolderAndKeepItsCallUnstarted() {
    Steps step = Steps.of("RW");
    try (TurnLocks survivor = TurnLocks.create(uri, SHORT_TTL);
        TurnLocks retrier = TurnLocks.create(uri, SHORT_TTL)) {
      TurnLocks crashing = TurnLocks.create(uri, SHORT_TTL);
      // Redis sets the holder's expiry while the acquire runs, so time it from before the acquire;
      // Redis counts expiry in whole milliseconds, hence the one millisecond of slack below.
      long acquiringAt = System.nanoTime();
      crashing.acquire(step.call(0));
      crashing.close(); // stops renewing without releasing, like a killed process

      CompletableFuture<CallLock> write = survivor.acquireAsync(step.call(1));
      CallLock retry = retrier.acquire(step.call(0)); // the redelivery of the crashed call
      long retryGrantedAt = System.nanoTime();

      assertThat(Duration.ofNanos(retryGrantedAt - acquiringAt))
          .isGreaterThanOrEqualTo(TTL.minusMillis(1));
      TurnLockOrderIT.assertWaiting(write); // call 0 expired but never finished
      retry.release();
      write.join().release();
    }
  }

  @Test
  void shouldKeepRenewedLockPastItsTtl() {
    assertRenewalKeepsLockPastTtl(SHORT_TTL);
  }

  @Test
  void shouldKeepLockRenewedLateInItsTtlAlive() {
    Duration ttl = Duration.ofSeconds(1);
    assertRenewalKeepsLockPastTtl(
        LockOptions.builder().ttl(ttl).renewEvery(ttl.multipliedBy(3).dividedBy(4)).build());
  }

  /** A redelivery of a lock held with {@code options} waits three TTLs in vain. */
  private void assertRenewalKeepsLockPastTtl(LockOptions options) {
    Steps step = Steps.of("W");
    Duration ttl = options.ttl();
    LockOptions quickTimeout =
        LockOptions.builder().ttl(ttl).acquireTimeout(ttl.multipliedBy(3)).build();
    try (TurnLocks holder = TurnLocks.create(uri, options);
        TurnLocks redelivery = TurnLocks.create(uri, quickTimeout)) {
      CallLock lock = holder.acquire(step.call(0));

      assertThatThrownBy(() -> redelivery.acquire(step.call(0)))
          .isInstanceOf(LockTimeoutException.class);
      assertThat(lock.isLost()).isFalse();
      lock.release();
    }
  }

  @Test
  void shouldReportLockLostWhenAnotherDeliveryTookItOver() {
    Steps step = Steps.of("W");
    LockOptions slowRenewal =
        LockOptions.builder().ttl(TTL).renewEvery(TTL.multipliedBy(2).dividedBy(3)).build();
    try (TurnLocks paused = TurnLocks.create(uri, slowRenewal);
        TurnLocks redelivery = TurnLocks.create(uri, SHORT_TTL)) {
      CallLock first = paused.acquire(step.call(0));
      TestRedis.shared().admin().hset(heldKey(step), "0", "1 someone-else");

      await().atMost(Duration.ofSeconds(3)).until(first::isLost);
      redelivery.acquire(step.call(0)).release();
      first.release(); // lost: releases nothing
    }
  }

  @Test
  void shouldLeaveAbandonedCallUnstartedSoLaterWriteWaitsForItsRetry() {
    Steps step = Steps.of("RW");
    try (TurnLocks locks = TurnLocks.create(uri, SHORT_TTL)) {
      CompletableFuture<CallLock> write = locks.acquireAsync(step.call(1));
      locks.acquire(step.call(0)).abandon();

      TurnLockOrderIT.assertWaiting(write);
      locks.acquire(step.call(0)).release();
      write.join().release();
    }
  }

  private static String heldKey(Steps step) {
    return dev.baton.worker.lock.internal.StepKeys.of(step.call(0)).holders();
  }
}
