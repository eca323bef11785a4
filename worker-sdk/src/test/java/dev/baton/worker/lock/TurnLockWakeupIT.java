package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Wake-ups through the shared pub/sub connection, measured on a real Redis. */
@Tag("integration")
class TurnLockWakeupIT {

  private static final int WAITERS = 1_000;
  private static final Duration HOLD = Duration.ofSeconds(2);

  @Test
  void shouldWakeThousandWaitersAfterWriteWithoutPollingStorm() {
    TestRedis redis = TestRedis.shared();
    Steps step = Steps.of("W" + "R".repeat(WAITERS));
    LockOptions options = LockOptions.builder().acquireTimeout(Duration.ofSeconds(30)).build();
    try (TurnLocks writer = TurnLocks.create(redis.uri(), options);
        TurnLocks readers = TurnLocks.create(redis.uri(), options)) {
      CallLock write = writer.acquire(step.call(0));
      long before = redis.commandsRun("evalsha");
      List<CompletableFuture<CallLock>> waiters = new ArrayList<>();
      for (int i = 1; i <= WAITERS; i++) {
        waiters.add(readers.acquireAsync(step.call(i)));
      }
      // Each waiter runs the script once, then once more when its channel is subscribed.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.commandsRun("evalsha") - before >= 2L * WAITERS);

      long waitStart = redis.commandsIssued();
      long waitStartNanos = System.nanoTime();
      await().pollDelay(HOLD).until(() -> true); // a deliberate hold of the write lock
      long duringWait = redis.commandsIssued() - waitStart;
      double seconds = (System.nanoTime() - waitStartNanos) / 1e9;
      assertThat(waiters).noneMatch(CompletableFuture::isDone);

      long releaseStart = redis.commandsIssued();
      long releasedAt = System.nanoTime();
      write.release();
      CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).join();
      Duration wakeUp = Duration.ofNanos(System.nanoTime() - releasedAt);
      long toWake = redis.commandsIssued() - releaseStart;
      waiters.forEach(w -> w.join().release());

      long pollingAt10ms = (long) (WAITERS * seconds * 100);
      System.out.printf(
          "%d waiters: %d commands in %.1f s of waiting (polling every 10 ms: %d), "
              + "all granted %d ms after the release with %d commands%n",
          WAITERS, duringWait, seconds, pollingAt10ms, wakeUp.toMillis(), toWake);
      // The backstop polls each waiter about once a second; polling every 10 ms costs 100 times
      // more.
      assertThat(duringWait).isLessThan(pollingAt10ms / 20);
      assertThat(toWake).isLessThan(3L * WAITERS);
    }
  }
}
