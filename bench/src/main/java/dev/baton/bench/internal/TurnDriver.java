package dev.baton.bench.internal;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnTimedOut;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drives turns straight through Kafka, the way the HTTP API does: it writes {@code SubmitTurn}
 * commands to the commands topic with an idempotent producer ({@code acks=all}, no linger), and a
 * turn ends when a {@code read_committed} consumer of the session-events topic sees its terminal
 * event ({@code TurnCompleted}; {@code TurnFailed}, {@code TurnRejected}, {@code TurnCancelled} and
 * {@code TurnTimedOut} count as errors). One thread polls the events and runs the callbacks.
 */
public final class TurnDriver implements TurnSubmitter, AutoCloseable {

  private record Pending(String sessionId, long startNanos, Consumer<Outcome> then) {}

  private final KafkaProducer<String, Command> producer;
  private final KafkaConsumer<String, SessionEvent> consumer;
  private final String commandsTopic;
  private final TurnTimes times;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  private TurnDriver(
      KafkaProducer<String, Command> producer,
      KafkaConsumer<String, SessionEvent> consumer,
      String commandsTopic,
      TurnTimes times) {
    this.producer = producer;
    this.consumer = consumer;
    this.commandsTopic = commandsTopic;
    this.times = times;
    this.poller = Thread.ofPlatform().name("bench-events").start(this::pollEvents);
  }

  /**
   * A driver of the topics of {@code layout}; the coordinator has registered the schemas. It marks
   * in {@code times} when each turn was sent, when the broker appended its command, the broker time
   * of its terminal event (that of the worker result it answers) and when the driver saw it.
   */
  public static TurnDriver create(
      String kafkaBootstrap, TopicLayout layout, SchemaRegistryClient registry, TurnTimes times) {
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    KafkaProducer<String, Command> producer =
        new KafkaProducer<>(
            producerProps,
            new StringSerializer(),
            AvroSerde.forValue(Command.class, registry).lookupOnly());
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    KafkaConsumer<String, SessionEvent> consumer =
        new KafkaConsumer<>(
            consumerProps,
            new StringDeserializer(),
            AvroSerde.forValue(SessionEvent.class, registry));
    List<TopicPartition> partitions =
        consumer.partitionsFor(layout.sessionEvents()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolves the start now, before any turn is sent
    return new TurnDriver(producer, consumer, layout.commands(), times);
  }

  /**
   * Submits a turn; {@code then} runs on the events thread when it ends, or at once (with end
   * {@code send-failed}) if the command cannot be written.
   */
  @Override
  public void submit(
      String sessionId,
      String turnId,
      String input,
      OnBusy onBusy,
      long startNanos,
      Consumer<Outcome> then) {
    pending.put(turnId, new Pending(sessionId, startNanos, then));
    SubmitTurn submit = new SubmitTurn(turnId, input, onBusy, null, Map.of(), null);
    Command command = new Command(UUID.randomUUID().toString(), sessionId, Instant.now(), submit);
    times.markNow(turnId, TurnPoint.SENT);
    producer.send(
        new ProducerRecord<>(commandsTopic, sessionId, command),
        (metadata, error) -> {
          if (error != null) {
            finish(turnId, "send-failed");
          } else {
            times.markMillis(turnId, TurnPoint.COMMAND_APPENDED, metadata.timestamp());
          }
        });
  }

  /** How many submitted turns have not ended yet. */
  public int pendingCount() {
    return pending.size();
  }

  private void pollEvents() {
    while (running) {
      for (ConsumerRecord<String, SessionEvent> record : consumer.poll(Duration.ofMillis(50))) {
        SessionEvent event = record.value();
        String end = endOf(event.getBody());
        if (end != null && event.getTurnId() != null && pending.containsKey(event.getTurnId())) {
          times.markNow(event.getTurnId(), TurnPoint.TERMINAL_SEEN);
          finish(event.getTurnId(), end);
        }
      }
    }
  }

  private void finish(String turnId, String end) {
    long now = System.nanoTime();
    Pending turn = pending.remove(turnId);
    if (turn != null) {
      turn.then().accept(new Outcome(turn.sessionId(), turnId, turn.startNanos(), now, end));
    }
  }

  /** How an event body ends its turn: {@code completed}, an error kind, or null for no end. */
  static String endOf(Object body) {
    return switch (body) {
      case TurnCompleted ignored -> "completed";
      case TurnFailed ignored -> "failed";
      case TurnRejected rejected -> "rejected-" + rejected.getCode();
      case TurnCancelled ignored -> "cancelled";
      case TurnTimedOut ignored -> "timed-out";
      default -> null;
    };
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(Duration.ofSeconds(10));
    consumer.close();
    producer.close(Duration.ofSeconds(10));
  }
}
