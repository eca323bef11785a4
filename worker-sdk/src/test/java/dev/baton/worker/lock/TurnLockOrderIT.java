package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ordering rule against a real Redis: reads overlap, writes run alone and in order. The
 * backstop poll is off (one minute), so a lost wake-up shows as a {@link LockTimeoutException}.
 */
@Tag("integration")
class TurnLockOrderIT {

  private static TestRedis redis;
  private static TurnLocks locks;
  private static TurnLocks otherProcess;
  private static TurnLocks third;
  private static final int REPETITIONS = 200;
  private static final LockOptions PUB_SUB_ONLY =
      LockOptions.builder().backstopPoll(Duration.ofMinutes(1)).build();

  @BeforeAll
  static void start() {
    redis = TestRedis.shared();
    locks = TurnLocks.create(redis.uri(), PUB_SUB_ONLY);
    otherProcess = TurnLocks.create(redis.uri(), PUB_SUB_ONLY);
    third = TurnLocks.create(redis.uri(), PUB_SUB_ONLY);
  }

  @AfterAll
  static void stop() {
    locks.close();
    otherProcess.close();
    third.close();
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
    assertThat(read0.waitTime()).as("granted at the first try").isZero();
    assertThat(read1.waitTime()).as("reads overlap").isZero();
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

  @Test
  void shouldKeepEveryConflictingPairInOrderAcrossProcesses() throws Exception {
    String letters = "RRWRWRR";
    List<TurnLocks> processes = List.of(locks, otherProcess, third);
    int readOverlaps = 0;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int repetition = 0; repetition < REPETITIONS; repetition++) {
        Steps step = Steps.of(letters);
        long[] started = new long[letters.length()];
        long[] finished = new long[letters.length()];
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int index : shuffledIndexes(letters.length())) {
          TurnLocks process = processes.get(index % processes.size());
          calls.add(
              threads.submit(
                  () -> {
                    go.await();
                    try (CallLock lock = process.acquire(step.call(index))) {
                      started[index] = System.nanoTime();
                      simulateToolWork();
                      finished[index] = System.nanoTime();
                    }
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> call : calls) {
          call.get();
        }
        assertConflictingPairsInOrder(letters, started, finished);
        readOverlaps += countReadOverlaps(letters, started, finished);
      }
    }
    assertThat(readOverlaps).as("reads that ran at the same time").isPositive();
  }

  private static void assertConflictingPairsInOrder(
      String letters, long[] started, long[] finished) {
    for (int i = 0; i < letters.length(); i++) {
      for (int j = i + 1; j < letters.length(); j++) {
        if (letters.charAt(i) == 'W' || letters.charAt(j) == 'W') {
          assertThat(finished[i])
              .as(
                  "call %d (%c) finishes before call %d (%c) starts",
                  i, letters.charAt(i), j, letters.charAt(j))
              .isLessThan(started[j]);
        }
      }
    }
  }

  private static int countReadOverlaps(String letters, long[] started, long[] finished) {
    int overlaps = 0;
    for (int i = 0; i < letters.length(); i++) {
      for (int j = i + 1; j < letters.length(); j++) {
        boolean reads = letters.charAt(i) == 'R' && letters.charAt(j) == 'R';
        if (reads && started[j] < finished[i] && started[i] < finished[j]) {
          overlaps++;
        }
      }
    }
    return overlaps;
  }

  private static List<Integer> shuffledIndexes(int count) {
    List<Integer> indexes = new ArrayList<>(IntStream.range(0, count).boxed().toList());
    Collections.shuffle(indexes);
    return indexes;
  }

  /** A tool that runs for up to 2 ms: simulated work, not synchronisation. */
  private static void simulateToolWork() {
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 2_000_000));
  }

  /** Still waiting after the other side has had time to act; not a synchronisation point. */
  static void assertWaiting(CompletableFuture<CallLock> lock) {
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !lock.isDone());
  }
}
