package dev.baton.worker.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A worker's handler slots, {@code maxInFlight} of them, shared by its poll loops: the hard bound
 * on handlers that run at once. Before a poll for new records a loop reserves as many slots as its
 * consumer may fetch in one poll ({@code max.poll.records}), so that no record it is handed has to
 * be given back for want of a slot; it keeps one slot for each record it dispatches until that
 * record's handler ends, and returns the rest when the poll returns. Thread-safe.
 */
final class HandlerSlots {

  private final Semaphore free;

  /** Creates {@code slots} free slots. */
  HandlerSlots(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1, got " + slots);
    }
    this.free = new Semaphore(slots);
  }

  /**
   * Takes {@code slots} slots at once, waiting at most {@code wait} for them; returns whether it
   * took them. An interrupted wait takes none and keeps the interrupt.
   */
  boolean reserve(int slots, Duration wait) {
    try {
      return free.tryAcquire(slots, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Takes one slot if one is free; returns whether it did. */
  boolean tryTakeOne() {
    return free.tryAcquire();
  }

  /** Gives {@code slots} slots back. */
  void release(int slots) {
    if (slots > 0) {
      free.release(slots);
    }
  }

  /** How many slots are free now. */
  int free() {
    return free.availablePermits();
  }
}
