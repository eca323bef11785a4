package dev.baton.worker.internal;

import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Runs a delivered record off the poll thread and reports how it ended. */
@FunctionalInterface
public interface Dispatcher {

  /**
   * Starts running {@code record}; calls {@code onSettled} exactly once, from any thread, when it
   * ends. May call it before returning, for example when it cannot start the record.
   */
  void dispatch(ConsumerRecord<String, byte[]> record, Consumer<Settlement> onSettled);
}
