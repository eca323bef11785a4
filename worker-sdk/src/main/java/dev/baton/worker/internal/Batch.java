package dev.baton.worker.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records one share consumer has delivered and not yet acknowledged, at most {@code capacity}
 * of them. In explicit acknowledgement mode a share consumer may only poll again once every record
 * of its previous poll is acknowledged, so a poll loop polls only when its batch is settled. Not
 * thread-safe: the poll thread owns it.
 */
final class Batch {

  private final int capacity;
  private final Map<RecordId, ConsumerRecord<String, byte[]>> unsettled = new LinkedHashMap<>();

  Batch(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Takes {@code record} in, unless the batch is full; returns whether it did. */
  boolean admit(ConsumerRecord<String, byte[]> record) {
    if (unsettled.size() >= capacity) {
      return false;
    }
    unsettled.put(RecordId.of(record), record);
    return true;
  }

  /**
   * Marks {@code record} settled; returns false if it is not in the batch (settled already, or
   * abandoned), in which case it must not be acknowledged again.
   */
  boolean settle(ConsumerRecord<String, byte[]> record) {
    return unsettled.remove(RecordId.of(record)) != null;
  }

  /** Removes and returns every unsettled record, oldest first. */
  List<ConsumerRecord<String, byte[]>> abandon() {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(unsettled.values());
    unsettled.clear();
    return records;
  }

  /** Whether every admitted record is settled, so the consumer may poll. */
  boolean isSettled() {
    return unsettled.isEmpty();
  }

  /** How many records are admitted and not settled. */
  int inFlight() {
    return unsettled.size();
  }

  /** The most records the batch admits. */
  int capacity() {
    return capacity;
  }
}
