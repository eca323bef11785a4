package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.CancelTurn;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnStarted;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record of a turn carries its submit's trace context as the parent of its workers' spans,
 * also when decided from a worker's result, and also when the turn waited in the queue and was
 * started by another turn's record; a queued turn submitted without a context carries none rather
 * than the other turn's.
 */
class TraceContextTopologyTest {

  private static final String SESSION = "s-trace";
  private static final String FIRST = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String SECOND = "00-11111111111111111111111111111111-2222222222222222-01";
  private static final String WORKER_SPAN =
      "00-0af7651916cd43dd8448eb211c80319c-3333333333333333-01";

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

  private static Headers traceparent(String value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", value.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldGiveEveryRecordOfATurnItsSubmitsContextAlsoAfterTheQueue() {
    coordinator.submit(SESSION, "t-1", "first", OnBusy.ENQUEUE, traceparent(FIRST));
    TestRecord<String, Assignment> step = coordinator.assignmentRecords().getFirst();
    coordinator.eventRecords(); // the first submit's
    assertThat(header(step.headers(), "traceparent")).isEqualTo(FIRST);
    assertThat(header(step.headers(), "baton-turn-traceparent")).isEqualTo(FIRST);
    coordinator.submit(SESSION, "t-2", "second", OnBusy.ENQUEUE, traceparent(SECOND));
    assertThat(coordinator.eventRecords())
        .allSatisfy(
            record -> assertThat(header(record.headers(), "traceparent")).isEqualTo(SECOND));

    Headers fromWorker = traceparent(WORKER_SPAN);
    fromWorker.add("baton-turn-traceparent", FIRST.getBytes(StandardCharsets.UTF_8));
    coordinator.answer(step.value(), "done", fromWorker);

    List<TestRecord<String, SessionEvent>> events = coordinator.eventRecords();
    assertThat(events)
        .filteredOn(record -> record.value().getTurnId().equals("t-1"))
        .isNotEmpty()
        .allSatisfy(record -> assertThat(header(record.headers(), "traceparent")).isEqualTo(FIRST));
    assertThat(events)
        .filteredOn(record -> record.value().getBody() instanceof TurnCompleted)
        .hasSize(1);
    assertThat(events)
        .filteredOn(record -> record.value().getBody() instanceof TurnStarted)
        .singleElement()
        .satisfies(record -> assertThat(header(record.headers(), "traceparent")).isEqualTo(SECOND));
    assertThat(coordinator.assignmentRecords())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.value().getTurnId()).isEqualTo("t-2");
              assertThat(header(record.headers(), "traceparent")).isEqualTo(SECOND);
              assertThat(header(record.headers(), "baton-turn-traceparent")).isEqualTo(SECOND);
            });
    assertThat(coordinator.payloadKeys()).as("the kept context is gone once used").isEmpty();
  }

  @Test
  void shouldGiveAQueuedTurnWithoutContextNoneAndForgetACancelledOnesContext() {
    coordinator.submit(SESSION, "t-1", "first", OnBusy.ENQUEUE, traceparent(FIRST));
    Assignment step = coordinator.assignment();
    coordinator.submit(SESSION, "t-2", "untraced", OnBusy.ENQUEUE, new RecordHeaders());
    coordinator.submit(SESSION, "t-3", "cancelled", OnBusy.ENQUEUE, traceparent(SECOND));
    coordinator.command(SESSION, new CancelTurn("t-3", "changed my mind"));
    coordinator.eventRecords();

    Headers fromWorker = traceparent(WORKER_SPAN);
    fromWorker.add("baton-turn-traceparent", FIRST.getBytes(StandardCharsets.UTF_8));
    coordinator.answer(step, "done", fromWorker);

    assertThat(coordinator.assignmentRecords())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.value().getTurnId()).isEqualTo("t-2");
              assertThat(record.headers().lastHeader("traceparent")).isNull();
            });
    assertThat(coordinator.payloadKeys()).as("no context is left behind").isEmpty();
  }

  @Test
  void shouldTakeAResultsOwnContextAsTheRootWhenItNamesNoTurnContext() {
    coordinator.submit(SESSION, "t-1", "first", OnBusy.REJECT, new RecordHeaders());
    Assignment step = coordinator.assignment();
    coordinator.eventRecords(); // the submit's

    coordinator.answer(step, "done", traceparent(WORKER_SPAN));

    assertThat(coordinator.eventRecords())
        .isNotEmpty()
        .allSatisfy(
            record -> assertThat(header(record.headers(), "traceparent")).isEqualTo(WORKER_SPAN));
  }
}
