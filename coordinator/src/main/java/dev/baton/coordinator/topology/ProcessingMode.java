package dev.baton.coordinator.topology;

import org.apache.kafka.streams.StreamsConfig;

/**
 * How the coordinator commits its state, events and assignments.
 *
 * <p>{@link #EXACTLY_ONCE} (the default) commits them atomically in one Kafka transaction: a crash
 * never leaves an event without its state change or an assignment without its event. Its latency is
 * bounded below by the commit interval. {@link #AT_LEAST_ONCE} commits without transactions: lower
 * latency, but after a crash a command may be processed again, so events and assignments can be
 * written twice (consumers must de-duplicate by event id, workers by fencing token).
 */
public enum ProcessingMode {
  /** Kafka Streams {@code exactly_once_v2}. */
  EXACTLY_ONCE(StreamsConfig.EXACTLY_ONCE_V2),
  /** Kafka Streams {@code at_least_once}. */
  AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

  private final String streamsValue;

  ProcessingMode(String streamsValue) {
    this.streamsValue = streamsValue;
  }

  /** The value of Kafka Streams' {@code processing.guarantee}. */
  public String streamsValue() {
    return streamsValue;
  }
}
