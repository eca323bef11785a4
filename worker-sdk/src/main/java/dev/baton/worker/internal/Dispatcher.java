package dev.baton.worker.internal;

import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Runs a delivered record off the poll thread and reports how it ended. */
@FunctionalInterface
public interface Dispatcher {

  /**
   * Starts running {@code record}; calls {@code onSettled} exactly once with a final settlement,
   * from any thread, when it ends, and before that any number of times with {@code RENEW} to renew
   * the record's acquisition lock. May call it before returning, for example when it cannot start
   * the record.
   */
  void dispatch(ConsumerRecord<String, byte[]> record, Consumer<Settlement> onSettled);
}
