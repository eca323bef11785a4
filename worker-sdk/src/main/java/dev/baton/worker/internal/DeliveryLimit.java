package dev.baton.worker.internal;

/**
 * What to do with a record given how many times the share group delivered it: earlier deliveries
 * that did not finish (a worker crashed, or its lock expired) make it a suspected poison record.
 */
enum DeliveryLimit {
  /** Below the limit: run it; a retryable failure releases it for another delivery. */
  RUN,
  /** At the limit: run it; a retryable failure is final ({@code StepFailed}, {@code REJECT}). */
  RUN_LAST,
  /** Over the limit: do not run it; report {@code StepFailed} and {@code REJECT}. */
  REJECT;

  /** The decision for delivery number {@code deliveryCount} under {@code limit}. */
  static DeliveryLimit of(int deliveryCount, int limit) {
    if (deliveryCount < limit) {
      return RUN;
    }
    return deliveryCount == limit ? RUN_LAST : REJECT;
  }
}
