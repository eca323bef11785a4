package dev.baton.bench.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the live streams' deltas together: agent steps wait at it until {@code streams} clients
 * have read their turn's {@code step.started}, so that every stream is open before the first delta
 * is emitted; or until the case gives up waiting ({@link #open()}). A step that reaches it after it
 * opened goes on at once and counts as late.
 */
final class StreamGate {

  private final int streams;
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger late = new AtomicInteger();
  private final AtomicLong mostLateNanos = new AtomicLong();
  private final CountDownLatch open = new CountDownLatch(1);
  private volatile long openedNanos;

  /** A gate for {@code streams} streams. */
  StreamGate(int streams) {
    this.streams = streams;
  }

  /** A client read its turn's {@code step.started}. */
  void streamStarted() {
    if (started.incrementAndGet() >= streams) {
      open();
    }
  }

  /** An agent step arrives and waits until the gate opens. */
  void arriveAndAwait() throws InterruptedException {
    arrived.incrementAndGet();
    if (open.getCount() == 0) {
      late.incrementAndGet();
      mostLateNanos.accumulateAndGet(System.nanoTime() - openedNanos, Math::max);
    }
    open.await();
  }

  /** Waits up to {@code timeout} for the gate to open; whether it did. */
  boolean awaitOpen(Duration timeout) throws InterruptedException {
    return open.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens the gate, whoever has arrived. */
  synchronized void open() {
    if (open.getCount() > 0) {
      openedNanos = System.nanoTime();
      open.countDown();
    }
  }

  /** Clients that read {@code step.started}. */
  int started() {
    return started.get();
  }

  /** Agent steps that arrived. */
  int arrived() {
    return arrived.get();
  }

  /** Agent steps that arrived after the gate opened. */
  int late() {
    return late.get();
  }

  /** How long after the gate opened the latest of them arrived, in seconds. */
  double mostLateSeconds() {
    return mostLateNanos.get() / 1e9;
  }
}
