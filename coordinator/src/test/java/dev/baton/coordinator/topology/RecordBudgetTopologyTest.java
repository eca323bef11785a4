package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.internal.StoredSessionSerde;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.OperationClass;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No record the coordinator writes is over the broker's limit ({@link
 * TopologyOptions#maxRecordBytes()}): a decision that would need one is refused before anything is
 * written, and the session model fails that one turn instead. The test driver, unlike a broker,
 * accepts records of any size, so the test checks every record it reads back.
 */
class RecordBudgetTopologyTest {

  private static final int LIMIT = 16 * 1024;
  private static final Instant WORKER_CLOCK = Instant.parse("2025-06-01T10:00:00.100Z");

  @RegisterExtension final Drivers drivers = new Drivers();
  private CoordinatorDriver coordinator;

  @BeforeEach
  void start(@TempDir Path stateDir) {
    coordinator =
        drivers.add(
            new CoordinatorDriver(
                stateDir, TopologyOptions.builder().maxRecordBytes(LIMIT).build()));
  }

  @Test
  void shouldFailOnlyTheTurnWhoseOutcomeIsTooLargeToWrite() {
    coordinator.submit("big", "t-1", "read it");
    coordinator.result(coordinator.assignment(), reads(1));
    Assignment read = coordinator.assignment();
    List<SessionEvent> written = new ArrayList<>(coordinator.events());
    // The worker's result fits a record; its tool message, with the history entry's and the
    // event's own fields, does not.
    coordinator.result(read, finished("c0", "x".repeat(LIMIT - 900)));
    coordinator.submit("small", "t-1", "hello");
    coordinator.answer(coordinator.assignment(), "hi");
    written.addAll(coordinator.events());

    assertThat(written)
        .filteredOn(e -> e.getBody() instanceof TurnFailed)
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.getSessionId()).isEqualTo("big");
              TurnFailed body = (TurnFailed) failed.getBody();
              assertThat(body.getError().getCode()).isEqualTo("LIMIT_RECORD_SIZE");
              assertThat(body.getError().getMessage())
                  .startsWith("LIMIT_RECORD_SIZE: the outcome of FinishToolCall needs a history");
            });
    assertThat(written)
        .filteredOn(e -> e.getBody() instanceof TurnCompleted)
        .extracting(SessionEvent::getSessionId)
        .containsExactly("small");
    assertThat(written).allSatisfy(this::assertFits);
    assertThat(coordinator.session("big").state().activeTurn()).isEmpty();
    assertThat(oversizeCount("history")).isEqualTo(1.0);
  }

  @Test
  void shouldLetTheSessionTakeItsNextTurnAfterARefusedOutcome() {
    coordinator.submit("big", "t-1", "read it");
    coordinator.result(coordinator.assignment(), reads(1));
    coordinator.result(coordinator.assignment(), finished("c0", "y".repeat(LIMIT - 900)));
    coordinator.events();

    coordinator.submit("big", "t-2", "and now?");
    coordinator.answer(coordinator.assignment(), "fine");

    assertThat(coordinator.events())
        .filteredOn(e -> e.getBody() instanceof TurnCompleted)
        .extracting(SessionEvent::getTurnId)
        .containsExactly("t-2");
    assertThat(coordinator.history("big")).hasSize(5).allSatisfy(this::assertFits);
  }

  @Test
  void shouldKeepTheSessionRecordSmallWhateverTheResultsItWaitsFor() {
    coordinator.submit("big", "t-1", "read it four times");
    coordinator.result(coordinator.assignment(), reads(4));
    List<Assignment> reads = coordinator.assignments();
    // Together the results are larger than a record may be; each is a record of its own.
    for (int i = 0; i < 3; i++) {
      coordinator.result(reads.get(i), finished("c" + i, ("r" + i).repeat(3_000)));
    }
    int waiting = serializedSession("big");
    coordinator.result(reads.get(3), finished("c3", "last"));

    assertThat(waiting).as("the session's record with three results received").isLessThan(2048);
    assertThat(coordinator.session("big").state().activeTurn().orElseThrow().assignment())
        .as("the next agent step is out")
        .isPresent();
    Assignment next = coordinator.assignment();
    var assignments = coordinator.topics.assignments();
    assertThat(assignments.valueSerde().serializer().serialize(assignments.name(), next).length)
        .as("the next step's context, cut to fit")
        .isLessThanOrEqualTo(LIMIT);
    assertThat(coordinator.payloadKeys()).as("bodies the state no longer refers to").isEmpty();
  }

  private void assertFits(SessionEvent event) {
    var events = coordinator.topics.sessionEvents();
    assertThat(events.valueSerde().serializer().serialize(events.name(), event).length)
        .as("the record of %s", event.getBody().getClass().getSimpleName())
        .isLessThanOrEqualTo(LIMIT);
  }

  private void assertFits(HistoryEntry entry) {
    var history = coordinator.topics.history();
    assertThat(history.valueSerde().serializer().serialize(history.name(), entry).length)
        .as("the history record of seq %s", entry.getSeq())
        .isLessThanOrEqualTo(LIMIT);
  }

  private double oversizeCount(String kind) {
    return coordinator.metric(
        CoordinatorMetrics.OVERSIZE_RECORDS_TOTAL,
        CoordinatorMetrics.KIND_TAG,
        kind.toUpperCase(Locale.ROOT));
  }

  private int serializedSession(String sessionId) {
    return new StoredSessionSerde(SessionLimits.defaults())
        .serialize(null, coordinator.session(sessionId))
        .length;
  }

  private static ToolCallsRequested reads(int count) {
    List<ToolCallRequest> calls =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    new ToolCallRequest(
                        "c" + i, "read_note", "{\"name\":\"a\"}", OperationClass.READ, false))
            .toList();
    return new ToolCallsRequested(calls, "", new Usage(1L, 1L, null));
  }

  /** Closes the drivers a test started. */
  static final class Drivers implements AfterEachCallback {
    private final List<CoordinatorDriver> started = new ArrayList<>();

    CoordinatorDriver add(CoordinatorDriver driver) {
      started.add(driver);
      return driver;
    }

    @Override
    public void afterEach(ExtensionContext context) {
      started.forEach(CoordinatorDriver::close);
    }
  }

  private static ToolCallFinished finished(String callId, String content) {
    return new ToolCallFinished(
        callId, new ToolResult(callId, content, false), WORKER_CLOCK, WORKER_CLOCK, 0L);
  }
}
