package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.schemas.EventIds;
import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.IgnoreReason;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.UsageRecorded;
import dev.baton.schemas.avro.WorkerResultIgnored;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTopologyTest {

  private static final String SESSION = "session-1";

  @TempDir Path stateDir;
  private CoordinatorDriver coordinator;

  @BeforeEach
  void start() {
    coordinator = new CoordinatorDriver(stateDir);
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void shouldStartTurnAndAssignStepWithUserMessageInContext() {
    coordinator.submit(SESSION, "turn-1", "Hello");

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(
            TurnAccepted.class, TurnStarted.class, MessageAppended.class, StepAssigned.class);
    assertThat(events).allSatisfy(event -> assertThat(event.getTurnId()).isEqualTo("turn-1"));
    assertThat(events).extracting(SessionEvent::getCausationId).containsOnly("cmd-1");
    Assignment assignment = coordinator.assignment();
    assertThat(assignment.getSessionId()).isEqualTo(SESSION);
    assertThat(assignment.getStep()).isZero();
    assertThat(assignment.getAttempt()).isZero();
    assertThat(assignment.getFencingToken()).isEqualTo(CoordinatorDriver.FIRST + 1);
    assertThat(assignment.getLeaseMs()).isEqualTo(SessionLimits.DEFAULT_LEASE.toMillis());
    AgentStep step = (AgentStep) assignment.getBody();
    assertThat(step.getInput()).isEqualTo("Hello");
    assertThat(step.getContext()).extracting(Message::getContent).containsExactly("Hello");
    assertThat(step.getContextStartSeq()).isEqualTo(1L);
    StepAssigned assigned = (StepAssigned) events.get(3).getBody();
    assertThat(assigned.getAssignmentId()).isEqualTo(assignment.getAssignmentId());
    assertThat(assigned.getContextMessages()).isEqualTo(1);
  }

  @Test
  void shouldCompleteTurnAndKeepUserAndAssistantMessagesInHistory() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    Assignment assignment = coordinator.assignment();
    coordinator.events();

    coordinator.answer(assignment, "Hi there");

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(
            StepCompleted.class, UsageRecorded.class, MessageAppended.class, TurnCompleted.class);
    TurnCompleted completed = (TurnCompleted) events.get(3).getBody();
    assertThat(completed.getSteps()).isEqualTo(1);
    assertThat(completed.getAnswerSeq()).isEqualTo(2L);
    assertThat(completed.getUsage().getOutputTokens()).isEqualTo(5);
    assertThat(((StepCompleted) events.get(0).getBody()).getWorkerId()).isEqualTo("worker-1");
    assertThat(events.get(0).getCausationId()).isEqualTo(assignment.getAssignmentId());
    assertThat(coordinator.history(SESSION))
        .extracting(HistoryEntry::getSeq, entry -> entry.getMessage().getRole())
        .containsExactly(tuple(1L, Role.USER), tuple(2L, Role.ASSISTANT));
    assertThat(coordinator.session(SESSION).state().isIdle()).isTrue();
  }

  @Test
  void shouldRejectSecondTurnWhenBusy() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    coordinator.events();

    coordinator.submit(SESSION, "turn-2", "Are you there?", OnBusy.REJECT);

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events)).containsExactly(TurnRejected.class);
    TurnRejected rejected = (TurnRejected) events.getFirst().getBody();
    assertThat(rejected.getCode()).isEqualTo(TurnRejectionCode.SESSION_BUSY);
    assertThat(rejected.getActiveTurnId()).isEqualTo("turn-1");
    assertThat(events.getFirst().getTurnId()).isEqualTo("turn-2");
    assertThat(coordinator.assignments()).hasSize(1);
  }

  @Test
  void shouldStartQueuedTurnWhenActiveTurnCompletes() {
    coordinator.submit(SESSION, "turn-1", "First");
    Assignment first = coordinator.assignment();
    coordinator.submit(SESSION, "turn-2", "Second", OnBusy.ENQUEUE);
    List<SessionEvent> queued = coordinator.events();
    assertThat(bodyTypes(queued.subList(4, queued.size())))
        .containsExactly(TurnAccepted.class, TurnQueued.class);
    assertThat(((TurnQueued) queued.getLast().getBody()).getPosition()).isZero();
    assertThat(coordinator.assignments()).isEmpty();

    coordinator.answer(first, "Answer one");

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(
            StepCompleted.class,
            UsageRecorded.class,
            MessageAppended.class,
            TurnCompleted.class,
            TurnStarted.class,
            MessageAppended.class,
            StepAssigned.class);
    assertThat(events.get(4).getTurnId()).isEqualTo("turn-2");
    Assignment second = coordinator.assignment();
    assertThat(second.getTurnId()).isEqualTo("turn-2");
    assertThat(second.getFencingToken()).isEqualTo(CoordinatorDriver.FIRST + 2);
    assertThat(((AgentStep) second.getBody()).getContext())
        .extracting(Message::getContent)
        .containsExactly("First", "Answer one", "Second");
  }

  @Test
  void shouldGiveEveryAgentStepTheMetadataItsTurnWasSubmittedWith() {
    coordinator.submit(SESSION, "turn-1", "First");
    Assignment first = coordinator.assignment();
    coordinator.command(
        SESSION,
        new SubmitTurn("turn-2", "Second", OnBusy.ENQUEUE, null, Map.of("trace", "t-9"), null));
    List<SessionEvent> accepted = coordinator.events();

    coordinator.answer(first, "Answer one");
    Assignment second = coordinator.assignment();

    assertThat(((AgentStep) first.getBody()).getMetadata()).containsExactly(entry("user", "u-1"));
    assertThat(((AgentStep) second.getBody()).getMetadata()).containsExactly(entry("trace", "t-9"));
    assertThat(accepted)
        .extracting(SessionEvent::getBody)
        .filteredOn(TurnAccepted.class::isInstance)
        .extracting(body -> ((TurnAccepted) body).getMetadata())
        .containsExactly(Map.of("user", "u-1"), Map.of("trace", "t-9"));
  }

  @Test
  void shouldRejectASubmitWhoseMetadataIsOverItsLimit() {
    String value = "x".repeat(SessionLimits.MAX_METADATA_BYTES);
    coordinator.command(
        SESSION, new SubmitTurn("turn-1", "Hello", OnBusy.REJECT, null, Map.of("k", value), null));

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events)).containsExactly(TurnRejected.class);
    TurnRejected rejected = (TurnRejected) events.getFirst().getBody();
    assertThat(rejected.getCode()).isEqualTo(TurnRejectionCode.INVALID_INPUT);
    assertThat(rejected.getReason()).startsWith("INVALID_METADATA: metadata has 4097 bytes");
    assertThat(coordinator.assignments()).isEmpty();
  }

  @Test
  void shouldIgnoreResultWithStaleFencingToken() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    Assignment first = coordinator.assignment();
    coordinator.fail(first, true);
    Assignment retry = coordinator.assignment();
    assertThat(retry.getAttempt()).isEqualTo(1);
    assertThat(retry.getFencingToken()).isEqualTo(CoordinatorDriver.FIRST + 2);
    List<SessionEvent> failed = coordinator.events();
    StepAttemptFailed attemptFailed =
        failed.stream()
            .map(SessionEvent::getBody)
            .filter(StepAttemptFailed.class::isInstance)
            .map(StepAttemptFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(attemptFailed.getWillRetry()).isTrue();
    assertThat(attemptFailed.getError().getCode()).isEqualTo("MODEL_ERROR");

    coordinator.answer(first, "Zombie answer");

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events)).containsExactly(WorkerResultIgnored.class);
    WorkerResultIgnored ignored = (WorkerResultIgnored) events.getFirst().getBody();
    assertThat(ignored.getReason()).isEqualTo(IgnoreReason.STALE_FENCING_TOKEN);
    assertThat(ignored.getFencingToken()).isEqualTo(CoordinatorDriver.FIRST + 1);
    assertThat(coordinator.history(SESSION)).hasSize(1);
    assertThat(coordinator.session(SESSION).state().isIdle()).isFalse();
  }

  @Test
  void shouldTombstoneHistoryRangeWhenHistoryIsCleared() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    coordinator.answer(coordinator.assignment(), "Hi");
    coordinator.submit("session-2", "turn-1", "Other session");
    coordinator.historyTopic();
    coordinator.events();

    coordinator.clearHistory(SESSION);

    SessionEvent cleared = coordinator.events().getFirst();
    assertThat(cleared.getBody()).isEqualTo(new HistoryCleared(1L, 3L, HistoryClearReason.CLEARED));
    assertThat(coordinator.history(SESSION)).isEmpty();
    assertThat(coordinator.history("session-2")).hasSize(1);
    assertThat(coordinator.historyTopic())
        .extracting(record -> record.key.seq(), record -> record.value)
        .containsExactly(tuple(1L, null), tuple(2L, null));
  }

  @Test
  void shouldWriteHistoryToTheHistoryTopicReadableWithTheProjectSerdes() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    coordinator.answer(coordinator.assignment(), "Hi");

    assertThat(coordinator.historyTopic())
        .extracting(record -> record.key.seq(), record -> record.value.getMessage().getContent())
        .containsExactly(tuple(1L, "Hello"), tuple(2L, "Hi"));
  }

  @Test
  void shouldNumberEventsPerSessionWithDeterministicIds() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    coordinator.answer(coordinator.assignment(), "Hi");

    List<SessionEvent> events = coordinator.events();
    assertThat(events)
        .extracting(event -> event.getEventSeq() - CoordinatorDriver.FIRST)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(events)
        .allSatisfy(
            event ->
                assertThat(event.getEventId())
                    .isEqualTo(EventIds.of(SESSION, event.getEventSeq())));
    assertThat(coordinator.session(SESSION).nextEventSeq()).isEqualTo(CoordinatorDriver.FIRST + 8);
  }

  @Test
  void shouldProduceTheSameEventsWhenTheSameInputIsProcessedAgain(@TempDir Path otherStateDir) {
    coordinator.submit(SESSION, "turn-1", "Hello");
    coordinator.answer(coordinator.assignment(), "Hi");
    List<SessionEvent> first = coordinator.events();

    try (CoordinatorDriver again = new CoordinatorDriver(otherStateDir)) {
      again.submit(SESSION, "turn-1", "Hello");
      again.answer(again.assignment(), "Hi");
      assertThat(again.events()).isEqualTo(first);
    }
  }

  @Test
  void shouldLeaveOldHistoryOutOfContextBeyondTheByteBudget(@TempDir Path otherStateDir) {
    TopologyOptions options = TopologyOptions.builder().contextBytes(80).build();
    try (CoordinatorDriver small = new CoordinatorDriver(otherStateDir, options)) {
      small.submit(SESSION, "turn-1", "0123456789".repeat(4));
      small.answer(small.assignment(), "abcdefghij".repeat(4));

      small.submit(SESSION, "turn-2", "a question that fits in the budget");

      AgentStep step = (AgentStep) small.assignment().getBody();
      assertThat(step.getContext())
          .extracting(Message::getContent)
          .containsExactly("abcdefghij".repeat(4), "a question that fits in the budget");
      assertThat(step.getContextStartSeq()).isEqualTo(2L);
    }
  }

  @Test
  void shouldCutTheTurnsOwnMessagesToTheBudgetNamingWhereTheWholeValueIs(
      @TempDir Path otherStateDir) {
    TopologyOptions options = TopologyOptions.builder().contextBytes(64).build();
    try (CoordinatorDriver small = new CoordinatorDriver(otherStateDir, options)) {
      String question = "a question that is over the budget ".repeat(10); // 350 bytes

      small.submit(SESSION, "turn-1", question);

      AgentStep step = (AgentStep) small.assignment().getBody();
      String cut = step.getContext().getFirst().getContent();
      assertThat(cut)
          .startsWith("a question")
          .endsWith("[cut: 350 bytes in full, in history message seq 1]");
      assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .hasSizeLessThanOrEqualTo(64);
      assertThat(step.getInput()).as("the input field is the whole input").isEqualTo(question);
      assertThat(small.history(SESSION).getFirst().getMessage().getContent())
          .as("history keeps the whole value")
          .isEqualTo(question);
    }
  }

  @Test
  void shouldWriteADuplicateSubmitAsAnEventAndChangeNothingElse() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    coordinator.events();
    StoredSession before = coordinator.session(SESSION);

    coordinator.submit(SESSION, "turn-1", "Hello");

    assertThat(coordinator.events())
        .extracting(SessionEvent::getBody)
        .containsExactly(
            new dev.baton.schemas.avro.DuplicateTurnSubmitted(
                dev.baton.schemas.avro.TurnStatus.RUNNING));
    assertThat(coordinator.assignments()).hasSize(1);
    assertThat(coordinator.session(SESSION).state()).isEqualTo(before.state());
    assertThat(before.state().statusOf("turn-1")).contains(TurnStatus.RUNNING);
  }

  @Test
  void shouldFailTurnWithTheWorkersErrorWhenAStepFailsForGood() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    Assignment assignment = coordinator.assignment();
    coordinator.events();

    coordinator.fail(assignment, false);

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(StepAttemptFailed.class, UsageRecorded.class, TurnFailed.class);
    assertThat(((StepAttemptFailed) events.getFirst().getBody()).getWillRetry()).isFalse();
    TurnFailed failed = (TurnFailed) events.getLast().getBody();
    assertThat(failed.getError().getCode()).isEqualTo("MODEL_ERROR");
    assertThat(failed.getSteps()).isEqualTo(1);
    assertThat(coordinator.assignments()).isEmpty();
  }

  @Test
  void shouldReadBothInputTopicsInOneSubtopologyWithEveryStore() {
    TopologyDescription description =
        CoordinatorTopology.build(
                CoordinatorConfig.builder()
                    .kafkaBootstrap("unused:9092")
                    .registryUrl("http://unused:8081")
                    .redisUri("redis://unused")
                    .build()
                    .topics(),
                new InMemorySchemaRegistryClient())
            .describe();

    assertThat(description.subtopologies()).hasSize(1);
    String text = description.toString();
    assertThat(text)
        .contains("baton.commands", "baton.worker-results")
        .contains("baton.assignments", "baton.session-events", "baton.turn-signals");
    int stores = text.indexOf("stores: [") + "stores: [".length();
    assertThat(text.substring(stores, text.indexOf(']', stores)).split(", "))
        .containsExactlyInAnyOrder(
            CoordinatorStores.SESSIONS,
            CoordinatorStores.TIMERS,
            CoordinatorStores.HISTORY,
            CoordinatorStores.EVENTS,
            CoordinatorStores.PAYLOADS,
            CoordinatorStores.TURNS);
  }

  private static List<Class<?>> bodyTypes(List<SessionEvent> events) {
    return events.stream().<Class<?>>map(event -> event.getBody().getClass()).toList();
  }
}
