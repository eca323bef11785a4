package dev.baton.worker.internal;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/** Runs each record with a {@link StepRunner} on its own task, normally a virtual thread. */
final class StepDispatcher implements Dispatcher {

  private final ExecutorService executor;
  private final StepRunner runner;

  StepDispatcher(ExecutorService executor, StepRunner runner) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public void dispatch(Delivery delivery, Runnable onEnded) {
    try {
      executor.execute(() -> run(delivery, onEnded));
    } catch (RejectedExecutionException e) {
      // The worker is shutting down now: give the record back.
      onEnded.run();
      delivery.settle(AcknowledgeType.RELEASE);
    }
  }

  private void run(Delivery delivery, Runnable onEnded) {
    AcknowledgeType type;
    try {
      type = runner.run(delivery);
    } finally {
      onEnded.run();
    }
    delivery.settle(type);
  }
}
