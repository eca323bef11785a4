package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Uncontended acquire and release cycles per second on a real Redis; printed, loosely checked. */
@Tag("integration")
class TurnLockThroughputIT {

  private static final int CYCLES = 5_000;
  private static final int THREADS = 32;

  @Test
  void shouldRunManyUncontendedCyclesPerSecond() throws Exception {
    try (TurnLocks locks = TurnLocks.create(TestRedis.shared().uri(), LockOptions.defaults())) {
      cycles(locks, 200); // warm-up
      long start = System.nanoTime();
      cycles(locks, CYCLES);
      double oneThread = CYCLES / ((System.nanoTime() - start) / 1e9);

      start = System.nanoTime();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          runs.add(threads.submit(() -> cycles(locks, CYCLES / THREADS)));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      }
      double manyThreads = (CYCLES / THREADS * THREADS) / ((System.nanoTime() - start) / 1e9);

      System.out.printf(
          "Uncontended acquire+release: %.0f cycles/s on one thread, %.0f on %d threads%n",
          oneThread, manyThreads, THREADS);
      assertThat(oneThread).isGreaterThan(100);
    }
  }

  private static void cycles(TurnLocks locks, int count) {
    for (int i = 0; i < count; i++) {
      locks.acquire(Steps.of("W").call(0)).release();
    }
  }
}
