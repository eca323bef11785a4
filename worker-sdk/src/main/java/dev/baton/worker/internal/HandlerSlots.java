package dev.baton.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A worker's handler slots, {@code maxInFlight} of them, shared by its poll loops: the hard bound
 * on handlers that run at once. A loop takes one slot for each record whose handler it starts and
 * keeps it until that handler ends. Nothing is reserved ahead of a poll: a slot held by a loop that
 * waits for records would be a slot that another loop's records cannot have. A loop whose records
 * wait for a slot listens for slots being freed. Thread-safe.
 */
final class HandlerSlots {

  private final Semaphore free;
  private final List<Runnable> freedListeners = new CopyOnWriteArrayList<>();

  /** Creates {@code slots} free slots. */
  HandlerSlots(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1, got " + slots);
    }
    this.free = new Semaphore(slots);
  }

  /**
   * Waits at most {@code wait} until a slot is free, without taking it; returns whether one was. An
   * interrupted wait returns false and keeps the interrupt.
   */
  boolean awaitFree(Duration wait) {
    try {
      if (!free.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
      free.release();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Takes one slot if one is free; returns whether it did. */
  boolean tryTakeOne() {
    return free.tryAcquire();
  }

  /** Gives {@code slots} slots back and tells the listeners. */
  void release(int slots) {
    if (slots > 0) {
      free.release(slots);
      freedListeners.forEach(Runnable::run);
    }
  }

  /** Calls {@code listener} after each release, on the releasing thread; it must not block. */
  void onFreed(Runnable listener) {
    freedListeners.add(listener);
  }

  /** Stops calling {@code listener}. */
  void removeOnFreed(Runnable listener) {
    freedListeners.remove(listener);
  }

  /** How many slots are free now. */
  int free() {
    return free.availablePermits();
  }
}
