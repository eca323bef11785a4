package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ordering rule against a real Redis: reads overlap, writes run alone and in order. */
@Tag("integration")
class TurnLockOrderIT {

  private static TestRedis redis;
  private static TurnLocks locks;
  private static TurnLocks otherProcess;

  @BeforeAll
  static void start() {
    redis = TestRedis.shared();
    locks = TurnLocks.create(redis.uri(), LockOptions.defaults());
    otherProcess = TurnLocks.create(redis.uri(), LockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    locks.close();
    otherProcess.close();
  }

  @Test
  void shouldLetReadsOverlap() {
    Steps step = Steps.of("RRR");
    try (CallLock first = locks.acquire(step.call(0));
        CallLock second = otherProcess.acquire(step.call(1));
        CallLock third = locks.acquire(step.call(2))) {
      assertThat(first.isLost() || second.isLost() || third.isLost()).isFalse();
    }
  }

  @Test
  void shouldMakeWriteWaitForEarlierReads() {
    Steps step = Steps.of("RRW");
    CallLock read0 = locks.acquire(step.call(0));
    CallLock read1 = otherProcess.acquire(step.call(1));
    CompletableFuture<CallLock> write = locks.acquireAsync(step.call(2));

    read0.release();
    assertWaiting(write);
    read1.release();

    CallLock held = write.join();
    assertThat(held.waitTime()).isPositive();
    held.release();
  }

  @Test
  void shouldMakeLaterCallsWaitForWrite() {
    Steps step = Steps.of("WRW");
    CallLock write = locks.acquire(step.call(0));
    CompletableFuture<CallLock> read = otherProcess.acquireAsync(step.call(1));
    CompletableFuture<CallLock> laterWrite = otherProcess.acquireAsync(step.call(2));

    assertWaiting(read);
    write.release();

    read.join().release();
    laterWrite.join().release();
  }

  @Test
  void shouldLetReadPassLaterWrite() {
    Steps step = Steps.of("RWR");
    CallLock read0 = locks.acquire(step.call(0));
    CompletableFuture<CallLock> write = locks.acquireAsync(step.call(1));

    assertWaiting(write);
    CompletableFuture<CallLock> read2 = otherProcess.acquireAsync(step.call(2));
    assertWaiting(read2); // call 2 comes after the write, which has not finished
    read0.release();

    write.join().release();
    read2.join().release();
  }

  @Test
  void shouldMakeWriteWaitForEarlierCallNobodyHasPickedUp() {
    Steps step = Steps.of("RRRW");
    CallLock read0 = locks.acquire(step.call(0));
    CallLock read2 = locks.acquire(step.call(2));
    CompletableFuture<CallLock> write = otherProcess.acquireAsync(step.call(3));

    read0.release();
    read2.release();
    assertWaiting(write);

    locks.acquire(step.call(1)).release();
    write.join().release();
  }

  /** Still waiting after the other side has had time to act; not a synchronisation point. */
  static void assertWaiting(CompletableFuture<CallLock> lock) {
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !lock.isDone());
  }
}
