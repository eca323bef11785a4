package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a delivered assignment: the assignment, its delivery, where the delivery stands
 * against the worker's delivery limit, and whether its turn was stopped. Decides what a handler
 * failure reports and publishes nothing for a cancelled run.
 */
final class AssignmentRun {

  private static final Logger log = LoggerFactory.getLogger(AssignmentRun.class);

  private final Assignment assignment;
  private final Delivery delivery;
  private final int deliveryLimit;
  private final RunningAssignments.Handle handle;
  private final String callId;
  private final Leases.Lease lease;
  private final RunTrace trace;
  private volatile Object published;

  AssignmentRun(
      Assignment assignment,
      Delivery delivery,
      int deliveryLimit,
      RunningAssignments.Handle handle,
      String callId,
      Leases.Lease lease,
      RunTrace trace) {
    this.assignment = assignment;
    this.trace = trace;
    this.delivery = delivery;
    this.deliveryLimit = deliveryLimit;
    this.handle = handle;
    this.callId = callId;
    this.lease = lease;
  }

  Assignment assignment() {
    return assignment;
  }

  /** The run's trace: its span, and the headers its result carries. */
  RunTrace trace() {
    return trace;
  }

  /**
   * Whether the run's turn was stopped (its record is settled already then), or its record was lost
   * to another delivery (a later run does the work).
   */
  boolean isCancelled() {
    return handle.isCancelled() || delivery.isLost();
  }

  /** Whether the run's record was lost to another delivery: its lock could not be renewed. */
  boolean isLost() {
    return delivery.isLost();
  }

  /** The body this run published and that was durably written; null if none. */
  Object published() {
    return published;
  }

  /**
   * What a handler failure reports: {@code StepFailed(retryable=false)} for a permanent failure;
   * for a retryable one nothing (null: release the record for another delivery), unless this is the
   * last delivery the limit allows, then a retryable {@code StepFailed} naming POISON. An agent
   * step whose record was handed over to its lease cannot be delivered again: its retryable failure
   * is a retryable {@code StepFailed}, on which the coordinator assigns a new attempt at once (as
   * it would when the lease ran out). A tool call's {@code StepFailed} would be its final result,
   * so a handed-off tool call reports nothing and is dispatched again when its lease runs out.
   */
  Object failureReport(Exception error) {
    if (!Failures.isRetryable(error)) {
      return WorkerResults.stepFailed(error, callId);
    }
    if (delivery.isHandedOff()) {
      return callId == null ? WorkerResults.handedOffStepFailed(error) : null;
    }
    if (DeliveryLimit.of(delivery.deliveryCount(), deliveryLimit) == DeliveryLimit.RUN) {
      return null;
    }
    log.warn(
        "Assignment {} failed on delivery {} of at most {}; reporting it as a poison record",
        assignment.getAssignmentId(),
        delivery.deliveryCount(),
        deliveryLimit);
    return WorkerResults.poisoned(delivery.deliveryCount(), deliveryLimit, error, callId);
  }

  /**
   * Stops renewing the lease, so no {@code LeaseRenewed} follows, then publishes {@code body} and
   * returns {@code onSuccess} once it is durably written, {@code RELEASE} if writing fails; a
   * cancelled run, or one whose record was lost, publishes nothing and returns {@code ACCEPT}.
   */
  AcknowledgeType publish(ResultPublisher publisher, Object body, AcknowledgeType onSuccess) {
    lease.close();
    if (isCancelled()) {
      log.info(
          "Assignment {} ended after {}; its result is not published",
          assignment.getAssignmentId(),
          delivery.isLost()
              ? "its record was delivered again (its lock could not be renewed)"
              : "its turn was stopped");
      return AcknowledgeType.ACCEPT;
    }
    if (!StepRunner.await(publisher.publish(assignment, body, trace.resultHeaders()), assignment)) {
      return AcknowledgeType.RELEASE;
    }
    published = body;
    return onSuccess;
  }

  /** Which delivery of the assignment's record this run is, from 1. */
  int deliveryCount() {
    return delivery.deliveryCount();
  }
}
