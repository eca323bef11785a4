package dev.baton.bench.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code size} requests waiting for their answer at once, and how long they took: from the
 * first request to the last answer. A request whose answer is a stream counts as answered when its
 * stream opens or is refused, or when it fails.
 */
final class RequestWindow {

  /** One request's place in the window, given back at its first answer. */
  final class Slot {
    private final AtomicBoolean answered = new AtomicBoolean();

    /** The request was answered (or failed) at {@code nanos}; later calls change nothing. */
    void answered(long nanos) {
      if (answered.compareAndSet(false, true)) {
        lastAnswerNanos.accumulateAndGet(nanos, Math::max);
        free.release();
      }
    }
  }

  private final int size;
  private final Semaphore free;
  private final AtomicLong lastAnswerNanos = new AtomicLong();
  private long firstSendNanos;

  /** A window of {@code size} requests. */
  RequestWindow(int size) {
    this.size = size;
    this.free = new Semaphore(size);
  }

  /** Waits for room, then takes a slot for a request about to be sent. */
  Slot enter() throws InterruptedException {
    free.acquire();
    if (firstSendNanos == 0) {
      firstSendNanos = System.nanoTime();
    }
    return new Slot();
  }

  /** Waits until every request sent has been answered. */
  void awaitAll() throws InterruptedException {
    free.acquire(size);
    free.release(size);
  }

  /** From the first request to the last answer, in seconds. */
  double seconds() {
    return Math.max(0, lastAnswerNanos.get() - firstSendNanos) / 1e9;
  }
}
