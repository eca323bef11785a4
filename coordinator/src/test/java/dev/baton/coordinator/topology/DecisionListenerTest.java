package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCompleted;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.OnBusy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process decision listener and the events store of the topology. */
class DecisionListenerTest {

  private static final String SESSION = "session-1";

  @TempDir Path stateDir;
  private final List<List<SessionEvent>> heard = new ArrayList<>();

  @Test
  void shouldTellTheListenerEveryDecisionWithTheModelsEventsInOrder() {
    try (CoordinatorDriver coordinator =
        new CoordinatorDriver(stateDir, TopologyOptions.defaults(), this::hear)) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      Assignment assignment = coordinator.assignment();
      coordinator.answer(assignment, "Hi there");

      assertThat(heard).hasSize(2);
      assertThat(heard.get(0))
          .extracting(Object::getClass)
          .containsExactly(
              TurnAccepted.class, TurnStarted.class, MessageAppended.class, StepAssigned.class);
      assertThat(heard.get(1))
          .extracting(Object::getClass)
          .containsExactly(StepCompleted.class, MessageAppended.class, TurnCompleted.class);
      assertThat(((TurnCompleted) heard.get(1).get(2)).answer()).isEqualTo("Hi there");
    }
  }

  @Test
  void shouldTellTheListenerAboutADuplicateSubmitAndWriteIt() {
    try (CoordinatorDriver coordinator =
        new CoordinatorDriver(stateDir, TopologyOptions.defaults(), this::hear)) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      coordinator.events();

      coordinator.submit(SESSION, "turn-1", "Hello", OnBusy.REJECT);

      assertThat(coordinator.events())
          .singleElement()
          .satisfies(
              event ->
                  assertThat(event.getBody())
                      .isEqualTo(
                          new dev.baton.schemas.avro.DuplicateTurnSubmitted(
                              dev.baton.schemas.avro.TurnStatus.RUNNING)));
      assertThat(heard.getLast())
          .singleElement()
          .isInstanceOfSatisfying(
              DuplicateTurnSubmitted.class,
              duplicate -> assertThat(duplicate.status()).isEqualTo(TurnStatus.RUNNING));
    }
  }

  @Test
  void shouldKeepProcessingWhenTheListenerThrows() {
    try (CoordinatorDriver coordinator =
        new CoordinatorDriver(
            stateDir,
            TopologyOptions.defaults(),
            (sessionId, events) -> {
              throw new IllegalStateException("listener bug");
            })) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      coordinator.submit(SESSION, "turn-2", "Again", OnBusy.ENQUEUE);

      assertThat(coordinator.session(SESSION).state().statusOf("turn-2"))
          .contains(TurnStatus.QUEUED);
    }
  }

  @Test
  void shouldNotTellTheListenerAboutARejectedRecord() {
    try (CoordinatorDriver coordinator =
        new CoordinatorDriver(stateDir, TopologyOptions.defaults(), this::hear)) {
      coordinator.raw(
          coordinator.topics.commands().name(),
          SESSION,
          "not avro".getBytes(StandardCharsets.UTF_8));

      assertThat(coordinator.events()).hasSize(1);
      assertThat(heard).isEmpty();
    }
  }

  @Test
  void shouldKeepEveryWrittenEventOfASessionInTheEventsStore() {
    try (CoordinatorDriver coordinator = new CoordinatorDriver(stateDir)) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      coordinator.answer(coordinator.assignment(), "Hi there");

      List<dev.baton.schemas.avro.SessionEvent> written = coordinator.events();
      assertThat(coordinator.storedEvents(SESSION)).isEqualTo(written);
    }
  }

  @Test
  void shouldWriteOneEventsChangelogRecordPerDecisionWhileASessionIsUnderItsBound() {
    try (CoordinatorDriver coordinator = new CoordinatorDriver(stateDir)) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      coordinator.answer(coordinator.assignment(), "Hi there");

      List<TestRecord<byte[], byte[]>> changelog = coordinator.changelog(CoordinatorStores.EVENTS);
      assertThat(coordinator.events()).hasSizeGreaterThan(2);
      assertThat(changelog).hasSize(2);
      assertThat(changelog).allSatisfy(record -> assertThat(record.value()).isNotNull());
    }
  }

  @Test
  void shouldDeleteTheEntriesThatFallOutOfTheBound() {
    TopologyOptions options = TopologyOptions.builder().eventsPerSession(3).build();
    try (CoordinatorDriver coordinator = new CoordinatorDriver(stateDir, options)) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      coordinator.answer(coordinator.assignment(), "Hi there");

      // The first decision's entry (its latest 3 events), then its tombstone and the second's.
      List<TestRecord<byte[], byte[]>> changelog = coordinator.changelog(CoordinatorStores.EVENTS);
      assertThat(changelog)
          .extracting(record -> record.value() == null)
          .containsExactly(false, true, false);
    }
  }

  @Test
  void shouldKeepOnlyTheLatestEventsPerSessionInTheEventsStore() {
    TopologyOptions options = TopologyOptions.builder().eventsPerSession(3).build();
    try (CoordinatorDriver coordinator = new CoordinatorDriver(stateDir, options)) {
      coordinator.submit(SESSION, "turn-1", "Hello");
      coordinator.answer(coordinator.assignment(), "Hi there");

      List<dev.baton.schemas.avro.SessionEvent> written = coordinator.events();
      assertThat(coordinator.storedEvents(SESSION))
          .isEqualTo(written.subList(written.size() - 3, written.size()));
    }
  }

  @Test
  void shouldNotStoreEventsAboutRecordsOutsideAnySession() {
    try (CoordinatorDriver coordinator = new CoordinatorDriver(stateDir)) {
      coordinator.raw(coordinator.topics.commands().name(), "not a session!", new byte[] {1});

      assertThat(coordinator.events()).hasSize(1);
      assertThat(coordinator.allStoredEvents()).isEmpty();
    }
  }

  private void hear(String sessionId, List<SessionEvent> events) {
    assertThat(sessionId).isEqualTo(SESSION);
    heard.add(events);
  }
}
