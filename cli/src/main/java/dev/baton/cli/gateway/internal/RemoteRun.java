package dev.baton.cli.gateway.internal;

import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.worker.StepFailedException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one delivery on a remote worker from an SDK handler's thread: offers it, waits for a claim,
 * then for the worker's outcome while its heartbeats arrive. The SDK goes on renewing the record's
 * lock and lease (and, for a tool call, holds the turn lock) while this waits.
 */
final class RemoteRun {

  /** How often the wait looks at the turn's stop and the heartbeats. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

  private final Deliveries deliveries;
  private final GatewayOptions options;

  RemoteRun(Deliveries deliveries, GatewayOptions options) {
    this.deliveries = deliveries;
    this.options = options;
  }

  /**
   * Runs {@code delivery} to its outcome.
   *
   * @param turnStopped whether the SDK has seen the delivery's turn stopped
   * @return the result the remote worker posted; empty if the turn was stopped before any worker
   *     claimed it (the SDK publishes nothing for a stopped turn)
   * @throws StepFailedException the remote worker's failure; or retryable, when no worker claimed
   *     the delivery in time or its worker stopped heartbeating, so that the SDK gives the work
   *     back to the fleet as it would a dead worker's
   * @throws InterruptedException when the SDK interrupts the handler
   */
  Optional<Object> run(RemoteDelivery delivery, BooleanSupplier turnStopped) throws Exception {
    deliveries.offer(delivery);
    try {
      if (!claimed(delivery, turnStopped)) {
        if (delivery.endReason().orElseThrow() == EndReason.CANCELLED) {
          return Optional.empty();
        }
        throw StepFailedException.retryable(
            "no remote worker claimed delivery "
                + delivery.id()
                + " within the gateway's claim timeout of "
                + options.claimTimeout());
      }
      return Optional.of(outcome(delivery, turnStopped));
    } finally {
      deliveries.remove(delivery);
    }
  }

  private boolean claimed(RemoteDelivery delivery, BooleanSupplier turnStopped)
      throws InterruptedException {
    long deadline = System.nanoTime() + options.claimTimeout().toNanos();
    while (!arrived(delivery.claimed())) {
      boolean stopped = turnStopped.getAsBoolean();
      if ((stopped || System.nanoTime() - deadline > 0) && deliveries.withdraw(delivery)) {
        delivery.finish(stopped ? EndReason.CANCELLED : EndReason.UNCLAIMED);
        return false;
      }
    }
    return true;
  }

  private Object outcome(RemoteDelivery delivery, BooleanSupplier turnStopped) throws Exception {
    long timeout = options.heartbeatTimeout().toNanos();
    while (!arrived(delivery.outcome())) {
      if (turnStopped.getAsBoolean()) {
        delivery.cancel();
      }
      if (delivery.nanosSinceHeartbeat() > timeout && delivery.finish(EndReason.HEARTBEAT_MISSED)) {
        throw StepFailedException.retryable(
            "the remote worker of delivery "
                + delivery.id()
                + " sent no heartbeat for "
                + options.heartbeatTimeout());
      }
    }
    try {
      return delivery.outcome().get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static boolean arrived(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
