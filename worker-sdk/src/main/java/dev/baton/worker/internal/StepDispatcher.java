package dev.baton.worker.internal;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Runs each record with a {@link StepRunner} on its own task, normally a virtual thread. */
final class StepDispatcher implements Dispatcher {

  private final ExecutorService executor;
  private final StepRunner runner;

  StepDispatcher(ExecutorService executor, StepRunner runner) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public void dispatch(ConsumerRecord<String, byte[]> record, Consumer<Settlement> onSettled) {
    try {
      Delivery delivery = new Delivery(record, onSettled);
      executor.execute(() -> delivery.settle(runner.run(delivery)));
    } catch (RejectedExecutionException e) {
      // The worker is shutting down now: give the record back.
      onSettled.accept(new Settlement(record, AcknowledgeType.RELEASE));
    }
  }
}
