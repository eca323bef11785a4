package dev.baton.bench.internal;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.HistoryKeySerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Replay of the history topic: writes {@code messages} history entries straight to a fresh {@code
 * <application-id>-history-changelog} topic (the format the coordinator's history store writes:
 * {@link HistoryKeySerde} keys, {@code HistoryEntry} values in the Confluent wire format), then
 * reads them all from the beginning with one consumer, once as raw bytes and once with the
 * project's serdes.
 */
public final class ReplayBench {

  private static final int MESSAGES_PER_SESSION = 1000;
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private ReplayBench() {}

  /** Writes and reads {@code messages} messages of topics named after {@code name}. */
  public static Table run(StackAddresses stack, String name, int partitions, int messages) {
    TopicLayout layout = TopicLayout.of(name + ".", name, partitions);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
    }
    SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
    try {
      AvroSerde<HistoryEntry> values = AvroSerde.forValue(HistoryEntry.class, registry);
      long started = System.nanoTime();
      long bytes = produce(stack.kafkaBootstrap(), layout.history(), name, messages, values);
      double produceSeconds = (System.nanoTime() - started) / 1e9;
      double rawSeconds =
          read(
              stack,
              layout.history(),
              messages,
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      double serdeSeconds = read(stack, layout.history(), messages, new HistoryKeySerde(), values);
      double mb = bytes / 1e6;
      return new Table("replay", "Replay of the history topic", "run", "messages", "msg/s", "MB/s")
          .row("produce (setup)", (long) messages, messages / produceSeconds, mb / produceSeconds)
          .row("read raw bytes", (long) messages, messages / rawSeconds, mb / rawSeconds)
          .row("read with serdes", (long) messages, messages / serdeSeconds, mb / serdeSeconds)
          .note(
              String.format(
                  java.util.Locale.ROOT,
                  "%d sessions of %d alternating user/assistant messages, %.0f bytes of key+value"
                      + " per message on average, %d partitions; one consumer, %s.",
                  messages / MESSAGES_PER_SESSION,
                  MESSAGES_PER_SESSION,
                  bytes / (double) messages,
                  partitions,
                  "max.poll.records=10000, max.partition.fetch.bytes=8 MiB"));
    } finally {
      registry.close();
    }
  }

  private static long produce(
      String bootstrap, String topic, String name, int messages, AvroSerde<HistoryEntry> values) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    HistoryKeySerde keys = new HistoryKeySerde();
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            props,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      Instant now = Instant.now();
      for (int i = 0; i < messages; i++) {
        String session = name + "-s" + (i / MESSAGES_PER_SESSION);
        long seq = i % MESSAGES_PER_SESSION;
        byte[] key = keys.serialize(topic, new HistoryKey(session, seq));
        byte[] value = values.serialize(topic, entry(session, seq, now));
        bytes += key.length + value.length;
        producer.send(new ProducerRecord<>(topic, key, value));
      }
      producer.flush();
    }
    return bytes;
  }

  private static HistoryEntry entry(String session, long seq, Instant at) {
    boolean user = seq % 2 == 0;
    String turn = "turn-" + seq / 2;
    String content =
        user
            ? "question " + seq + ": what does the build do when the registry is down?"
            : "echo: question " + (seq - 1) + ": what does the build do when the registry is down?";
    Message message =
        Message.newBuilder().setRole(user ? Role.USER : Role.ASSISTANT).setContent(content).build();
    return new HistoryEntry(session, seq, turn, at, message);
  }

  private static <K, V> double read(
      StackAddresses stack,
      String topic,
      int messages,
      Deserializer<K> keys,
      Deserializer<V> values) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long read = 0;
      long started = System.nanoTime();
      long deadline = started + READ_TIMEOUT.toNanos();
      while (read < messages) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "read " + read + " of " + messages + " messages within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            read++;
          }
        }
      }
      return (System.nanoTime() - started) / 1e9;
    }
  }
}
