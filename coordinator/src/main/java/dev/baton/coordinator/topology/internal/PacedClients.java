package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients as its default supplier makes them, except the stream threads' main
 * consumers, whose brief polls ({@code poll.ms}) wait up to the commit interval while their thread
 * needs no brief poll ({@link PollPacing}).
 */
public final class PacedClients implements KafkaClientSupplier {

  private final Duration brief;
  private final Duration idle;

  /**
   * Clients whose main consumers poll for {@code idle} rather than {@code brief} ({@code poll.ms})
   * while their thread needs no brief poll.
   */
  public PacedClients(Duration brief, Duration idle) {
    this.brief = Objects.requireNonNull(brief, "brief");
    this.idle = Objects.requireNonNull(idle, "idle");
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return new PacedConsumer(config, brief, idle);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return plainConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return plainConsumer(config);
  }

  private static Consumer<byte[], byte[]> plainConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
