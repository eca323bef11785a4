package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SubmitTurn;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue #5): 1,000 malformed, oversize and unknown-schema records on {@code
 * baton.commands} and {@code baton.worker-results}, interleaved with valid turns on the same
 * sessions. Each bad record yields one {@code RecordRejected} event that names its topic and
 * offset, and every valid turn completes: a bad record never stops the coordinator.
 */
@BatonStackTest
class BadRecordsIT {

  private static final int BAD_RECORDS = Integer.getInteger("baton.badRecords", 1_000);
  private static final int SESSIONS = 20;
  private static final int TURNS_PER_SESSION = 5;
  private static final int MAX_RECORD_BYTES = 16 * 1024;

  @TempDir Path dir;

  @Test
  void shouldRejectEveryBadRecordWithAnEventAndCompleteEveryValidTurn(
      StackAddresses stack, TestIds ids) throws Exception {
    TopologyOptions options = TopologyOptions.builder().maxRecordBytes(MAX_RECORD_BYTES).build();
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir).workers(2).topology(options).start();
        SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
        KafkaProducer<String, byte[]> producer = producer(stack)) {
      Topics topics = Topics.create(fleet.layout(), registry);
      List<String> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        sessions.add(ids.sessionId());
      }
      Random random = new Random(42);
      int bad = 0;
      int valid = 0;
      for (int i = 0; bad < BAD_RECORDS || valid < SESSIONS * TURNS_PER_SESSION; i++) {
        if (valid < SESSIONS * TURNS_PER_SESSION && i % 10 == 0) {
          String sessionId = sessions.get(valid % SESSIONS);
          byte[] submit =
              topics
                  .commands()
                  .valueSerde()
                  .serializer()
                  .serialize(topics.commands().name(), submit(sessionId, "turn-" + valid));
          producer.send(new ProducerRecord<>(topics.commands().name(), sessionId, submit));
          valid++;
        } else if (bad < BAD_RECORDS) {
          String sessionId = sessions.get(bad % SESSIONS);
          String topic = bad % 2 == 0 ? topics.commands().name() : topics.workerResults().name();
          producer.send(new ProducerRecord<>(topic, sessionId, badValue(bad, random)));
          bad++;
        }
      }
      producer.flush();

      try (TopicReader reader = new TopicReader(stack, fleet.layout())) {
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  int seen = rejections(reader.catchUp()).size();
                  System.out.printf("rejections so far: %d of %d%n", seen, BAD_RECORDS);
                  return seen >= BAD_RECORDS;
                });
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  System.out.println("event types: " + eventTypes(reader.catchUp()));
                  return completedTurns(reader) == SESSIONS * TURNS_PER_SESSION;
                });

        List<RecordRejected> rejected = rejections(reader);
        assertThat(rejected).hasSize(BAD_RECORDS);
        assertThat(rejected)
            .extracting(r -> r.getTopic() + "@" + r.getPartition() + ":" + r.getOffset())
            .as("one event per bad record")
            .doesNotHaveDuplicates();
        assertThat(rejected)
            .extracting(r -> r.getReason().name())
            .contains("WRONG_MAGIC_BYTE", "OVERSIZE", "UNKNOWN_SCHEMA_ID");
      }
    }
  }

  private static Command submit(String sessionId, String turnId) {
    return new Command(
        turnId + "@" + sessionId,
        sessionId,
        Instant.now(),
        new SubmitTurn(turnId, "input " + turnId, OnBusy.ENQUEUE, null, Map.of(), null));
  }

  /** Garbage (wrong magic byte), an oversize value, or a Confluent header naming no schema. */
  private static byte[] badValue(int n, Random random) {
    return switch (n % 3) {
      case 0 -> {
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        garbage[0] = 7;
        yield garbage;
      }
      case 1 -> new byte[MAX_RECORD_BYTES + 1 + random.nextInt(1024)];
      default -> ByteBuffer.allocate(16).put((byte) 0).putInt(900_000 + n).array();
    };
  }

  private static List<RecordRejected> rejections(TopicReader reader) {
    return reader.events().values().stream()
        .flatMap(List::stream)
        .map(SessionEvent::getBody)
        .filter(RecordRejected.class::isInstance)
        .map(RecordRejected.class::cast)
        .toList();
  }

  private static Map<String, Long> eventTypes(TopicReader reader) {
    return reader.events().values().stream()
        .flatMap(List::stream)
        .collect(
            java.util.stream.Collectors.groupingBy(
                e -> e.getBody().getClass().getSimpleName(),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  private static long completedTurns(TopicReader reader) {
    return reader.events().values().stream()
        .flatMap(List::stream)
        .filter(e -> e.getBody() instanceof dev.baton.schemas.avro.TurnCompleted)
        .count();
  }

  private static KafkaProducer<String, byte[]> producer(StackAddresses stack) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafkaBootstrap(),
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            (int) TimeUnit.SECONDS.toMillis(60)),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
