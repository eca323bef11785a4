package dev.baton.coordinator.limits.internal;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a store the fleet shares in Redis failed lately: after a failure, it is not asked for the
 * retry interval, so that a request never waits on a Redis that is down more than once per
 * interval. Logs a warning when it starts failing and a line when it answers again.
 */
final class SharedStatus {

  private static final Logger log = LoggerFactory.getLogger(SharedStatus.class);

  private final String store;
  private final String meanwhile;
  private final String again;
  private final Duration retryInterval;
  private final LongSupplier nanoTime;
  private volatile boolean failing;
  private volatile long retryAt;

  /**
   * @param store what the store is, for the log: {@code the shared submit buckets}
   * @param meanwhile what the instance does while it fails, for the log
   * @param again what holds again once it answers, for the log
   * @param nanoTime the clock of the retry interval, {@code System::nanoTime}
   */
  SharedStatus(
      String store, String meanwhile, String again, Duration retryInterval, LongSupplier nanoTime) {
    this.store = store;
    this.meanwhile = meanwhile;
    this.again = again;
    this.retryInterval = retryInterval;
    this.nanoTime = nanoTime;
  }

  /** Whether the store failed lately and is not to be asked now. */
  boolean down() {
    return failing && nanoTime.getAsLong() - retryAt < 0;
  }

  /** The store did not answer: it is not asked again for the retry interval. */
  void failed(RuntimeException e) {
    retryAt = nanoTime.getAsLong() + retryInterval.toNanos();
    if (!failing) {
      failing = true;
      log.warn(
          "{} in Redis did not answer ({}); this instance {}, and asks Redis again every {} ms",
          store,
          e.toString(),
          meanwhile,
          retryInterval.toMillis());
    }
  }

  /** The store answered. */
  void answered() {
    if (failing) {
      failing = false;
      log.info("{} in Redis answer again; {}", store, again);
    }
  }
}
