package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.SubmitLimit;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides submits with the fleet's shared buckets, and with this instance's own buckets of the same
 * limits while the shared ones do not answer: after a failure, for the retry interval, before they
 * are asked again. A submit thus never waits longer than the shared buckets' timeout, and is never
 * let through unbounded: while Redis is down each instance keeps each tenant to its limit, so the
 * fleet admits at most as many times the limit as it has instances.
 */
public final class SubmitBuckets implements AutoCloseable {

  private final SharedBuckets shared;
  private final LocalBuckets local = new LocalBuckets();
  private final LimitListener listener;
  private final SharedStatus status;

  /**
   * @param nanoTime the clock of the retry interval, {@code System::nanoTime}
   */
  public SubmitBuckets(
      SharedBuckets shared, LimitListener listener, Duration retryInterval, LongSupplier nanoTime) {
    this.shared = shared;
    this.listener = listener;
    this.status =
        new SharedStatus(
            "The shared submit buckets",
            "limits each tenant's submits with buckets of its own",
            "submits are limited fleet-wide",
            retryInterval,
            nanoTime);
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
    return status.down();
  }

  private Admission sharedOrLocal(String tenant, SubmitLimit limit) {
    if (!sharedDown()) {
      try {
        Admission admission = shared.tryConsume(tenant, limit);
        status.answered();
        return admission;
      } catch (RuntimeException e) {
        status.failed(e);
      }
    }
    Admission admission = local.tryConsume(tenant, limit);
    listener.submitDecidedLocally(tenant, admission.admitted());
    return admission;
  }

  @Override
  public void close() {
    shared.close();
  }
}
