package dev.baton.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.http.ApiClient;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SubmitTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client or worker whose clock is off by more than the turn deadline (10 minutes by default)
 * changes no decision: the input topics carry the broker's append time, so the coordinator decides
 * by the broker's clock.
 */
@BatonStackTest
class SkewedClocksIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SKEW = Duration.ofMinutes(11);

  @Test
  void shouldCompleteTurnsOfClientsAndWorkersWhoseClocksAreOff(
      StackAddresses stack, TestIds ids, @TempDir Path stateDir) throws Exception {
    TopicLayout layout = ids.layout(2);
    Coordinators.createTopics(stack, layout);
    Instant testStart = Instant.now();
    try (Coordinator coordinator = Coordinators.start(stack, layout, stateDir);
        SimulatedWorker worker = new SimulatedWorker(stack, layout, ids)) {
      ApiClient api = new ApiClient(coordinator.httpPort());
      String late = ids.sessionId();
      String early = ids.sessionId();

      submit(stack, layout, late, SKEW.negated());
      worker.answer(late, "t-1", "from a worker ahead", SKEW);
      submit(stack, layout, early, SKEW);
      worker.answer(early, "t-1", "from a worker behind", SKEW.negated());

      for (String session : new String[] {late, early}) {
        await().atMost(WAIT).until(() -> !status(api, session).equals("RUNNING"));
        assertThat(status(api, session)).as(session).isEqualTo("COMPLETED");
        JsonNode events = api.get("/v1/sessions/" + session + "/events").json().get("events");
        for (JsonNode event : events) {
          Instant occurredAt = Instant.parse(event.get("occurredAt").asText());
          assertThat(occurredAt)
              .as(event.toString())
              .isBetween(testStart.minusSeconds(5), Instant.now().plusSeconds(5));
        }
      }
    }
  }

  private static String status(ApiClient api, String session) {
    var turn = api.get("/v1/sessions/" + session + "/turns/t-1");
    return turn.status() == 200 ? turn.json().get("status").asText() : "RUNNING";
  }

  /** Submits turn t-1 from a client whose clock is off by {@code skew}. */
  private static void submit(
      StackAddresses stack, TopicLayout layout, String session, Duration skew) throws Exception {
    Instant clientNow = Instant.now().plus(skew);
    Command command =
        new Command(
            UUID.randomUUID().toString(),
            session,
            clientNow,
            new SubmitTurn("t-1", "hello", OnBusy.REJECT, null, Map.of(), null));
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      Topics topics = Topics.create(layout, registry);
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()),
              topics.commands().keySerde().serializer(),
              topics.commands().valueSerde().serializer())) {
        producer
            .send(
                new ProducerRecord<>(
                    topics.commands().name(), null, clientNow.toEpochMilli(), session, command))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }
}
