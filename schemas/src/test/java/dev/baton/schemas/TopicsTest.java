package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryEntry;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private final TopicLayout layout = TopicLayout.of("acme.", "acme-coordinator", 6);
  private final Topics topics = Topics.create(layout, new InMemorySchemaRegistryClient());

  @Test
  void shouldNameTopicsFromLayoutInSpecOrder() {
    assertThat(topics.all().stream().map(Topic::name).toList())
        .isEqualTo(layout.specs().stream().map(TopicSpec::name).toList())
        .containsExactly(
            "acme.commands",
            "acme.worker-results",
            "acme.assignments",
            "acme.session-events",
            "acme.turn-stream",
            "acme.turn-signals",
            "acme-coordinator-history-changelog",
            "acme.tokens");
  }

  @Test
  void shouldStampInputRecordsAndDeltasWithTheBrokersTime() {
    for (TopicSpec spec : layout.specs()) {
      boolean input =
          layout.inputs().contains(spec.name()) || spec.name().equals(layout.turnStream());
      assertThat(spec.configs().get(TopicLayout.TIMESTAMP_TYPE_CONFIG))
          .as(spec.name())
          .isEqualTo(input ? TopicLayout.INPUT_TIMESTAMP_TYPE : null);
    }
    assertThat(layout.inputs()).containsExactly("acme.commands", "acme.worker-results");
  }

  @Test
  void shouldKeySessionTopicsByUtf8SessionId() {
    for (Topic<String, ?> topic :
        List.of(
            topics.commands(),
            topics.workerResults(),
            topics.assignments(),
            topics.sessionEvents(),
            topics.turnStream(),
            topics.turnSignals())) {
      assertThat(topic.keySerde().serializer().serialize(topic.name(), "session-1"))
          .isEqualTo(new StringSerializer().serialize("t", "session-1"));
    }
  }

  @Test
  void shouldUseEnvelopeSerdesAndHistoryKeySerde() {
    assertThat(topics.commands().valueSerde())
        .isInstanceOfSatisfying(
            AvroSerde.class,
            serde -> assertThat(serde.schema()).isEqualTo(Command.getClassSchema()));
    assertThat(topics.history().keySerde()).isInstanceOf(HistoryKeySerde.class);
    assertThat(topics.history().valueSerde())
        .isInstanceOfSatisfying(
            AvroSerde.class,
            serde -> assertThat(serde.schema()).isEqualTo(HistoryEntry.getClassSchema()));
  }

  @Test
  void shouldNameValueSubjectAfterTopic() {
    assertThat(topics.commands().valueSubject()).isEqualTo("acme.commands-value");
    assertThat(SubjectNames.forKey("acme.commands")).isEqualTo("acme.commands-key");
  }
}
