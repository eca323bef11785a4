package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.SubmitLimit;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides submits with the fleet's shared buckets, and with this instance's own buckets of the same
 * limits while the shared ones do not answer: after a failure, for the retry interval, before they
 * are asked again. A submit thus never waits longer than the shared buckets' timeout, and is never
 * let through unbounded: while Redis is down each instance keeps each tenant to its limit, so the
 * fleet admits at most as many times the limit as it has instances.
 */
public final class SubmitBuckets implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SubmitBuckets.class);

  private final SharedBuckets shared;
  private final LocalBuckets local = new LocalBuckets();
  private final LimitListener listener;
  private final Duration retryInterval;
  private final LongSupplier nanoTime;
  private volatile boolean sharedDown;
  private volatile long retrySharedAt;

  /**
   * @param nanoTime the clock of the retry interval, {@code System::nanoTime}
   */
  public SubmitBuckets(
      SharedBuckets shared, LimitListener listener, Duration retryInterval, LongSupplier nanoTime) {
    this.shared = shared;
    this.listener = listener;
    this.retryInterval = retryInterval;
    this.nanoTime = nanoTime;
  }

  /** Takes one submit from {@code tenant}'s bucket of {@code limit}. */
  public Admission tryConsume(String tenant, SubmitLimit limit) {
    Admission admission = sharedOrLocal(tenant, limit);
    if (!admission.admitted()) {
      listener.submitRefused(tenant);
    }
    return admission;
  }

  /** Whether the shared buckets failed lately and are not being asked now. */
  public boolean sharedDown() {
    return sharedDown && nanoTime.getAsLong() - retrySharedAt < 0;
  }

  private Admission sharedOrLocal(String tenant, SubmitLimit limit) {
    if (!sharedDown()) {
      try {
        Admission admission = shared.tryConsume(tenant, limit);
        sharedAnswered();
        return admission;
      } catch (RuntimeException e) {
        sharedFailed(e);
      }
    }
    Admission admission = local.tryConsume(tenant, limit);
    listener.submitDecidedLocally(tenant, admission.admitted());
    return admission;
  }

  private void sharedFailed(RuntimeException e) {
    retrySharedAt = nanoTime.getAsLong() + retryInterval.toNanos();
    if (!sharedDown) {
      sharedDown = true;
      log.warn(
          "The shared submit buckets in Redis did not answer ({}); this instance limits each"
              + " tenant's submits with buckets of its own, and asks Redis again every {} ms",
          e.toString(),
          retryInterval.toMillis());
    }
  }

  private void sharedAnswered() {
    if (sharedDown) {
      sharedDown = false;
      log.info("The shared submit buckets in Redis answer again; submits are limited fleet-wide");
    }
  }

  @Override
  public void close() {
    shared.close();
  }
}
