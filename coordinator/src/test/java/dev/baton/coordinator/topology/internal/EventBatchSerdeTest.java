package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.avro.SessionEvent;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventBatchSerdeTest {

  private static final String TOPIC = "app-events-changelog";

  private final AvroSerde<SessionEvent> events =
      AvroSerde.forValue(SessionEvent.class, new InMemorySchemaRegistryClient());
  private final EventBatchSerde serde = new EventBatchSerde(events);

  @Test
  void shouldReadAnEntryAsItWasWritten() {
    List<SessionEvent> entry =
        List.of(EventStoreTest.event("s-1", 7), EventStoreTest.event("s-1", 8));

    byte[] bytes = serde.serialize(TOPIC, entry);

    assertThat(bytes[0]).isEqualTo(EventBatchSerde.BATCH_MAGIC);
    assertThat(bytes)
        .hasSize(
            EventBatchSerde.ENTRY_OVERHEAD
                + entry.stream()
                    .mapToInt(event -> EventBatchSerde.EVENT_OVERHEAD + events.wireSize(event))
                    .sum());
    assertThat(serde.deserialize(TOPIC, bytes)).isEqualTo(entry);
  }

  @Test
  void shouldReadALoneEventInTheWireFormatAsAnEntryOfOne() {
    SessionEvent event = EventStoreTest.event("s-1", 7);

    assertThat(serde.deserialize(TOPIC, events.serialize(TOPIC, event))).containsExactly(event);
  }

  @Test
  void shouldPassTombstonesThrough() {
    assertThat(serde.serialize(TOPIC, null)).isNull();
    assertThat(serde.deserialize(TOPIC, null)).isNull();
  }

  @Test
  void shouldRefuseATruncatedEntry() {
    byte[] bytes = serde.serialize(TOPIC, List.of(EventStoreTest.event("s-1", 7)));

    assertThatThrownBy(() -> serde.deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC);
  }
}
