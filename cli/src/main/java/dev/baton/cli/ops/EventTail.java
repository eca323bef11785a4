package dev.baton.cli.ops;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.avro.SessionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the session-events topic with a plain consumer (no group, every partition, committed
 * transactions only), decoding each event through the registry and keeping those an {@link
 * EventFilter} accepts. It starts at the beginning of the topic or at its end as of {@link #open},
 * so an event written after {@code open} returns is never missed. Not thread-safe, except {@link
 * #stop()}.
 *
 * <pre>{@code
 * try (EventTail tail = EventTail.open(access, layout.sessionEvents(), false, filter)) {
 *   tail.follow(event -> System.out.println(EventFormat.line(event)), Long.MAX_VALUE);
 * }
 * }</pre>
 */
public final class EventTail implements AutoCloseable {

  private final String topic;
  private final EventFilter filter;
  private final SchemaRegistryClient registry;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroSerde<SessionEvent> values;
  private volatile boolean stopped;

  private EventTail(
      String topic,
      EventFilter filter,
      SchemaRegistryClient registry,
      KafkaConsumer<byte[], byte[]> consumer) {
    this.topic = topic;
    this.filter = filter;
    this.registry = registry;
    this.consumer = consumer;
    this.values = AvroSerde.forValue(SessionEvent.class, registry);
  }

  /**
   * Checks that Kafka and the registry answer, assigns every partition of {@code topic}, and
   * positions at the beginning or at the current end.
   *
   * @throws OpsException if Kafka or the registry does not answer, or the topic does not exist
   */
  public static EventTail open(
      ClusterAccess access, String topic, boolean fromBeginning, EventFilter filter) {
    Objects.requireNonNull(filter, "filter");
    access.requireReachable();
    SchemaRegistryClient registry = access.registryClient();
    KafkaConsumer<byte[], byte[]> consumer = access.rawConsumer();
    try {
      List<TopicPartition> partitions =
          access.partitions(consumer, topic, "is --topic-prefix the coordinators' prefix?");
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      // Resolves the lazy seeks now, so that "from now" means from this call.
      partitions.forEach(partition -> consumer.position(partition, access.timeout()));
      return new EventTail(topic, filter, registry, consumer);
    } catch (TimeoutException e) {
      closeQuietly(consumer, registry);
      throw OpsException.unreachable(
          "kafka", access.kafkaBootstrap(), access.timeout(), e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(consumer, registry);
      throw e;
    }
  }

  /**
   * The accepted events that arrived within {@code timeout}, in partition order; empty after {@link
   * #stop()}.
   */
  public List<SessionEvent> poll(Duration timeout) {
    List<SessionEvent> events = new ArrayList<>();
    if (stopped) {
      return events;
    }
    try {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
        accept(record, events);
      }
    } catch (WakeupException | InterruptException e) {
      stopped = true;
    }
    return events;
  }

  /**
   * Hands accepted events to {@code sink} until {@link #stop()} is called or {@code limit} events
   * were handed over.
   */
  public void follow(Consumer<SessionEvent> sink, long limit) {
    long handed = 0;
    while (!stopped && handed < limit) {
      for (SessionEvent event : poll(Duration.ofMillis(500))) {
        if (handed++ < limit) {
          sink.accept(event);
        }
      }
    }
  }

  /** Makes {@link #follow} return and {@link #poll} return at once; safe from any thread. */
  public void stop() {
    stopped = true;
    consumer.wakeup();
  }

  /** Closes the consumer and the registry client. */
  @Override
  public void close() {
    closeQuietly(consumer, registry);
  }

  private void accept(ConsumerRecord<byte[], byte[]> record, List<SessionEvent> events) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null || !filter.acceptsSession(key)) {
      return;
    }
    SessionEvent event = values.deserialize(topic, record.value());
    if (filter.accepts(event)) {
      events.add(event);
    }
  }

  private static void closeQuietly(KafkaConsumer<?, ?> consumer, SchemaRegistryClient registry) {
    consumer.close();
    registry.close();
  }
}
