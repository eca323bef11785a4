package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.EventIds;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ClearHistory;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.TurnStarted;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BadRecordTest {

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

  /** A bad command record: its key and how to make its bytes from a valid command's bytes. */
  record BadCommand(String key, Function<byte[], byte[]> bytes) {}

  static Stream<Arguments> badCommands() {
    return Stream.of(
        Arguments.of(
            "garbage body after a valid header",
            new BadCommand(SESSION, valid -> garbageBody(valid)),
            RecordRejectionReason.UNDECODABLE),
        Arguments.of(
            "body cut short",
            new BadCommand(SESSION, valid -> Arrays.copyOf(valid, valid.length - 4)),
            RecordRejectionReason.TRUNCATED),
        Arguments.of(
            "plain text",
            new BadCommand(SESSION, valid -> "hello".getBytes(StandardCharsets.UTF_8)),
            RecordRejectionReason.WRONG_MAGIC_BYTE),
        Arguments.of(
            "wrong magic byte",
            new BadCommand(SESSION, valid -> withFirstByte(valid, (byte) 1)),
            RecordRejectionReason.WRONG_MAGIC_BYTE),
        Arguments.of(
            "header cut short",
            new BadCommand(SESSION, valid -> Arrays.copyOf(valid, 3)),
            RecordRejectionReason.TRUNCATED),
        Arguments.of(
            "unknown schema id",
            new BadCommand(SESSION, valid -> withSchemaId(valid, 999)),
            RecordRejectionReason.UNKNOWN_SCHEMA_ID),
        Arguments.of(
            "over the size limit",
            new BadCommand(
                SESSION, valid -> new byte[TopologyOptions.DEFAULT_MAX_RECORD_BYTES + 1]),
            RecordRejectionReason.OVERSIZE),
        Arguments.of(
            "no value",
            new BadCommand(SESSION, valid -> null),
            RecordRejectionReason.INVALID_COMMAND),
        Arguments.of(
            "key of another session than the value",
            new BadCommand("session-2", valid -> valid),
            RecordRejectionReason.KEY_MISMATCH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommands")
  void shouldRejectBadCommandAndProcessTheNextRecord(
      String name, BadCommand bad, RecordRejectionReason reason) {
    byte[] valid = validSubmitBytes(SESSION);

    coordinator.raw(coordinator.topics.commands().name(), bad.key(), bad.bytes().apply(valid));

    List<TestRecord<String, SessionEvent>> rejected = coordinator.eventRecords();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.getFirst().key()).isEqualTo(bad.key());
    RecordRejected body = (RecordRejected) rejected.getFirst().value().getBody();
    assertThat(body.getReason()).isEqualTo(reason);
    assertThat(body.getTopic()).isEqualTo(coordinator.topics.commands().name());
    assertThat(body.getPartition()).isZero();
    assertThat(body.getOffset()).isZero();
    assertThat(body.getDetail()).isNotBlank();
    assertThat(coordinator.rejected(reason)).isEqualTo(1.0);
    assertNextSubmitIsProcessed();
  }

  @Test
  void shouldKeyRejectionOfInvalidSessionIdByTheInvalidKey() {
    coordinator.raw(coordinator.topics.commands().name(), "not a session id!", new byte[] {0});
    coordinator.raw(coordinator.topics.commands().name(), null, new byte[] {0});

    List<TestRecord<String, SessionEvent>> rejected = coordinator.eventRecords();
    assertThat(rejected)
        .extracting(TestRecord::key)
        .containsOnly(CoordinatorTopology.INVALID_SESSION_KEY);
    assertThat(rejected)
        .extracting(record -> ((RecordRejected) record.value().getBody()).getReason())
        .containsOnly(RecordRejectionReason.INVALID_KEY);
    assertThat(rejected).extracting(record -> record.value().getEventSeq()).containsExactly(0L, 1L);
    assertThat(rejected).extracting(record -> record.value().getEventId()).doesNotHaveDuplicates();
    assertThat(coordinator.rejected(RecordRejectionReason.INVALID_KEY)).isEqualTo(2.0);
    assertNextSubmitIsProcessed();
  }

  @Test
  void shouldRejectBadWorkerResult() {
    coordinator.raw(coordinator.topics.workerResults().name(), SESSION, new byte[] {7, 7, 7});

    RecordRejected body = (RecordRejected) coordinator.events().getFirst().getBody();
    assertThat(body.getTopic()).isEqualTo(coordinator.topics.workerResults().name());
    assertThat(body.getReason()).isEqualTo(RecordRejectionReason.WRONG_MAGIC_BYTE);
    assertNextSubmitIsProcessed();
  }

  @Test
  void shouldRejectWorkerResultThatNamesAnImpossibleStep() {
    coordinator.submit(SESSION, "turn-1", "Hello");
    Assignment assignment = coordinator.assignment();
    coordinator.events();
    Assignment impossible = Assignment.newBuilder(assignment).setStep(-1).build();

    coordinator.answer(impossible, "Hi");

    RecordRejected body = (RecordRejected) coordinator.events().getFirst().getBody();
    assertThat(body.getReason()).isEqualTo(RecordRejectionReason.INVALID_COMMAND);
    coordinator.answer(assignment, "Hi");
    assertThat(coordinator.session(SESSION).state().isIdle()).isTrue();
  }

  @Test
  void shouldRejectCommandTheSessionModelDoesNotSupport() {
    coordinator.command(SESSION, new ClearHistory(5L));

    RecordRejected body = (RecordRejected) coordinator.events().getFirst().getBody();
    assertThat(body.getReason()).isEqualTo(RecordRejectionReason.INVALID_COMMAND);
    assertThat(body.getDetail()).contains("trimming");
    assertThat(coordinator.rejected(RecordRejectionReason.INVALID_COMMAND)).isEqualTo(1.0);
  }

  @Test
  void shouldNumberRejectionsInTheSessionsEventSequence() {
    coordinator.raw(coordinator.topics.commands().name(), SESSION, new byte[] {1});
    coordinator.submit(SESSION, "turn-1", "Hello");

    List<SessionEvent> events = coordinator.events();
    long first = CoordinatorDriver.FIRST;
    assertThat(events)
        .extracting(SessionEvent::getEventSeq)
        .containsExactly(first, first + 1, first + 2, first + 3, first + 4);
    assertThat(events.getFirst().getEventId()).isEqualTo(EventIds.of(SESSION, first));
  }

  @Test
  void shouldCountNothingBeforeTheFirstRejection() {
    for (RecordRejectionReason reason : RecordRejectionReason.values()) {
      assertThat(coordinator.rejected(reason)).isZero();
    }
  }

  @Test
  void shouldCarryTraceContextToEventsAndAssignments() {
    RecordHeaders headers = new RecordHeaders();
    byte[] traceparent =
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8);
    headers.add("traceparent", traceparent);
    headers.add("unrelated", new byte[] {1});

    coordinator.raw(
        coordinator.topics.commands().name(), SESSION, validSubmitBytes(SESSION), headers);

    assertThat(coordinator.eventRecords())
        .allSatisfy(
            record -> {
              assertThat(record.headers().lastHeader("traceparent").value()).isEqualTo(traceparent);
              assertThat(record.headers().lastHeader("unrelated")).isNull();
            });
    assertThat(coordinator.assignmentRecords())
        .singleElement()
        .satisfies(
            record ->
                assertThat(record.headers().lastHeader("traceparent").value())
                    .isEqualTo(traceparent));
  }

  private void assertNextSubmitIsProcessed() {
    coordinator.submit(SESSION, "turn-next", "Still there?");
    assertThat(coordinator.events())
        .extracting(SessionEvent::getBody)
        .hasAtLeastOneElementOfType(TurnStarted.class);
    assertThat(coordinator.assignments()).hasSize(1);
  }

  private byte[] validSubmitBytes(String sessionId) {
    SubmitTurn body =
        new SubmitTurn(
            "turn-1", "Hello", dev.baton.schemas.avro.OnBusy.REJECT, null, Map.of(), null);
    Command command = new Command("cmd-raw", sessionId, CoordinatorDriver.T0, body);
    return coordinator
        .topics
        .commands()
        .valueSerde()
        .serializer()
        .serialize(coordinator.topics.commands().name(), command);
  }

  private static byte[] garbageBody(byte[] valid) {
    byte[] bytes = Arrays.copyOf(valid, 5 + 8);
    Arrays.fill(bytes, 5, bytes.length, (byte) 0x7f);
    return bytes;
  }

  private static byte[] withFirstByte(byte[] valid, byte first) {
    byte[] bytes = valid.clone();
    bytes[0] = first;
    return bytes;
  }

  private static byte[] withSchemaId(byte[] valid, int schemaId) {
    byte[] bytes = valid.clone();
    ByteBuffer.wrap(bytes, 1, 4).putInt(schemaId);
    return bytes;
  }
}
