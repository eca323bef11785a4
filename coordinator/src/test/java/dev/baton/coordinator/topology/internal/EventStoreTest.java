package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.topology.KeptEvents;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.HistoryKeySerde;
import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnCompleted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStoreTest {

  private static final String SESSION = "s-1";
  private static final long FIRST = 5_000;

  private final AvroSerde<SessionEvent> eventSerde =
      AvroSerde.forValue(SessionEvent.class, new InMemorySchemaRegistryClient());
  private KeyValueStore<HistoryKey, List<SessionEvent>> store;

  @BeforeEach
  void openStore() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("events"),
                new HistoryKeySerde(),
                new EventBatchSerde(eventSerde))
            .withLoggingDisabled()
            .build();
    MockProcessorContext<String, String> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void shouldKeepADecisionsEventsAsOneEntryKeyedByItsFirstEventSeq() {
    EventStore events = events(1000);

    decide(events, SESSION, FIRST, 4);
    decide(events, SESSION, FIRST + 4, 3);

    assertThat(keys()).containsExactly(key(FIRST), key(FIRST + 4));
    assertThat(seqs(KeptEvents.read(store, SESSION, 0, 100))).isEqualTo(range(FIRST, FIRST + 7));
  }

  @Test
  void shouldReadFromAnEventSeqInsideAnEntryUpToTheLimit() {
    EventStore events = events(1000);
    decide(events, SESSION, FIRST, 4);
    decide(events, SESSION, FIRST + 4, 4);

    assertThat(seqs(KeptEvents.read(store, SESSION, FIRST + 2, 3)))
        .containsExactly(FIRST + 2, FIRST + 3, FIRST + 4);
    assertThat(seqs(KeptEvents.read(store, SESSION, FIRST + 7, 10))).containsExactly(FIRST + 7);
    assertThat(KeptEvents.read(store, SESSION, FIRST + 8, 10)).isEmpty();
  }

  @Test
  void shouldKeepOnlyTheLatestEventsOfASession() {
    EventStore events = events(6);

    decide(events, SESSION, FIRST, 4);
    decide(events, SESSION, FIRST + 4, 4);
    decide(events, SESSION, FIRST + 8, 3);

    assertThat(seqs(KeptEvents.read(store, SESSION, 0, 100)))
        .isEqualTo(range(FIRST + 5, FIRST + 11));
    assertThat(keys())
        .as("the entry wholly out of the bound is deleted")
        .doesNotContain(key(FIRST));
  }

  @Test
  void shouldKeepTheLatestEventsOfADecisionLargerThanTheBound() {
    EventStore events = events(3);

    decide(events, SESSION, FIRST, 5);

    assertThat(seqs(KeptEvents.read(store, SESSION, 0, 100)))
        .isEqualTo(range(FIRST + 2, FIRST + 5));
  }

  @Test
  void shouldSplitADecisionWhoseEventsDoNotFitOneRecord() {
    long eventBytes = eventSerde.wireSize(event(SESSION, FIRST));
    long twoEvents =
        EventBatchSerde.ENTRY_OVERHEAD + 2 * (EventBatchSerde.EVENT_OVERHEAD + eventBytes);
    EventStore events = new EventStore(store, 1000, twoEvents, eventSerde::wireSize);

    decide(events, SESSION, FIRST, 5);

    assertThat(keys()).containsExactly(key(FIRST), key(FIRST + 2), key(FIRST + 4));
    assertThat(seqs(KeptEvents.read(store, SESSION, 0, 100))).isEqualTo(range(FIRST, FIRST + 5));
    EventBatchSerde serde = new EventBatchSerde(eventSerde);
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> all = store.all()) {
      all.forEachRemaining(
          entry ->
              assertThat((long) serde.serialize("events", entry.value).length)
                  .isLessThanOrEqualTo(twoEvents));
    }
  }

  @Test
  void shouldClearStoredAndUnwrittenEventsOfOneSessionOnly() {
    EventStore events = events(1000);
    decide(events, SESSION, FIRST, 4);
    decide(events, "s-2", FIRST, 2);
    events.append(event(SESSION, FIRST + 4));

    events.clear(SESSION);
    events.flush();

    assertThat(KeptEvents.read(store, SESSION, 0, 100)).isEmpty();
    assertThat(seqs(KeptEvents.read(store, "s-2", 0, 100))).isEqualTo(range(FIRST, FIRST + 2));
  }

  @Test
  void shouldReadEntriesOfOneEventWrittenByEarlierVersionsAlongsideNewOnes() {
    EventStore events = events(6);
    for (long seq = FIRST; seq < FIRST + 4; seq++) {
      store.put(key(seq), List.of(event(SESSION, seq))); // an entry per event, as before
    }

    decide(events, SESSION, FIRST + 4, 4);

    assertThat(seqs(KeptEvents.read(store, SESSION, 0, 100)))
        .isEqualTo(range(FIRST + 2, FIRST + 8));
    assertThat(seqs(KeptEvents.read(store, SESSION, FIRST + 3, 2)))
        .containsExactly(FIRST + 3, FIRST + 4);
  }

  @Test
  void shouldReadEachEventOnceWhereAnEntryOverlapsAnEarlierOne() {
    for (long seq = FIRST; seq < FIRST + 3; seq++) {
      store.put(key(seq), List.of(event(SESSION, seq)));
    }
    decide(events(1000), SESSION, FIRST, 3); // the same decision, written again as one entry

    assertThat(seqs(KeptEvents.read(store, SESSION, 0, 100))).isEqualTo(range(FIRST, FIRST + 3));
  }

  private EventStore events(int perSession) {
    return new EventStore(store, perSession, 1 << 20, eventSerde::wireSize);
  }

  private static void decide(EventStore events, String sessionId, long firstSeq, int count) {
    for (long seq = firstSeq; seq < firstSeq + count; seq++) {
      events.append(event(sessionId, seq));
    }
    events.flush();
  }

  private List<HistoryKey> keys() {
    List<HistoryKey> keys = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  private static HistoryKey key(long seq) {
    return new HistoryKey(SESSION, seq);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  private static List<Long> seqs(List<SessionEvent> events) {
    return events.stream().map(SessionEvent::getEventSeq).toList();
  }

  static SessionEvent event(String sessionId, long seq) {
    return new SessionEvent(
        "e-" + seq,
        seq,
        sessionId,
        "t-1",
        Instant.ofEpochMilli(seq),
        "c-1",
        new TurnCompleted(1, null, null));
  }
}
