package dev.baton.cli.example;

import static dev.baton.schemas.avro.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.OperationClass;
import dev.baton.worker.PausableSignals;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Worker;
import dev.baton.worker.internal.RunningAssignments;
import dev.baton.worker.internal.SignalReadBarrier;
import dev.baton.worker.internal.TurnSignalListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tool call starts only once its worker has read the session's turn signals up to that moment: a
 * call delivered while the worker's signal consumer has not yet read its turn's STOP never starts.
 * The window is held open by pausing the worker's signal consumer.
 */
@BatonStackTest
class ToolCallStopBarrierIT {

  private static final String TOOL = "write_note";
  private static final List<dev.baton.schemas.avro.OperationClass> ONE_WRITE = List.of(WRITE);
  private static final Duration CLOSE = Duration.ofSeconds(5);

  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final PausableSignals signals = new PausableSignals();
  private WorkerFixture fixture;
  private StackAddresses stack;
  private TestIds ids;

  @BeforeEach
  void setUp(StackAddresses stack, TestIds ids) {
    this.stack = stack;
    this.ids = ids;
    fixture = new WorkerFixture(stack, ids);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    signals.resume();
    fixture.close();
  }

  @Test
  void shouldNotStartAToolCallWhoseStopWasCommittedBeforeTheWorkerReadIt() {
    startWorker();
    signals.pause();
    await().until(signals::isHolding);
    Assignment stopped = call(ids.sessionId());
    fixture.stopTurnOf(stopped); // committed; the worker's signal consumer is held
    fixture.produce(stopped);

    // Without the barrier its handler starts now, before the worker knows of the stop; with it,
    // the call waits for the paused signals, once it has asked for their end.
    await().until(() -> signals.endsAskedWhilePaused() > 0 || started.contains(callId(stopped)));
    signals.resume();
    Assignment marker = call(ids.sessionId());
    fixture.produce(marker);
    await().until(() -> finished(marker));

    assertThat(started).doesNotContain(callId(stopped)).contains(callId(marker));
    assertThat(fixture.resultsFor(stopped))
        .allSatisfy(r -> assertThat(r.getBody()).isInstanceOf(LeaseRenewed.class));
  }

  @Test
  void shouldReportACallNotStartedWhenItsSignalsCannotBeReadInTime() {
    startWorker();
    signals.pause();
    await().until(signals::isHolding);
    String sessionId = ids.sessionId();
    fixture.stopTurnOf(call(sessionId)); // an earlier turn's stop, which the worker cannot read
    Assignment call = call(sessionId);
    fixture.produce(call);

    await()
        .atMost(SignalReadBarrier.TIMEOUT.multipliedBy(4))
        .until(() -> fixture.resultsFor(call).stream().anyMatch(ToolCallStopBarrierIT::notStarted));

    WorkerResult result =
        fixture.resultsFor(call).stream()
            .filter(ToolCallStopBarrierIT::notStarted)
            .findFirst()
            .orElseThrow();
    assertThat(((ToolCallNotStarted) result.getBody()).getReason())
        .isEqualTo(NotStartedReason.OTHER);
    assertThat(started).isEmpty();
  }

  /**
   * What the barrier adds to every tool call: one read of the session's signal partition up to its
   * end, on a listener like a worker's, against the embedded broker. Prints the distribution.
   */
  @Test
  void shouldPassABarrierOnEveryRoundTrip() throws InterruptedException {
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
        SignalReadBarrier barrier =
            new SignalReadBarrier(signalConsumer(), fixture.layout().turnSignals(), CLOSE);
        TurnSignalListener listener =
            new TurnSignalListener(
                signalConsumer(),
                fixture.layout().turnSignals(),
                AvroSerde.forValue(TurnSignal.class, registry),
                new RunningAssignments(),
                CLOSE,
                barrier)) {
      listener.start("barrier-benchmark-signals");
      barrier.start("barrier-benchmark");
      int warmUp = 100;
      long[] nanos = new long[1_000];
      for (int i = -warmUp; i < nanos.length; i++) {
        long begin = System.nanoTime();
        assertThat(barrier.awaitSignalsOf(ids.sessionId())).isTrue();
        if (i >= 0) {
          nanos[i] = System.nanoTime() - begin;
        }
      }
      Arrays.sort(nanos);
      System.out.printf(
          "Turn-signal barrier per tool call, %d runs: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
              + " max %.2f ms%n",
          nanos.length,
          nanos[nanos.length / 2] / 1e6,
          nanos[nanos.length * 9 / 10] / 1e6,
          nanos[nanos.length * 99 / 100] / 1e6,
          nanos[nanos.length - 1] / 1e6);
    }
  }

  private KafkaConsumer<String, byte[]> signalConsumer() {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            stack.kafkaBootstrap(),
            "isolation.level",
            "read_committed",
            "enable.auto.commit",
            false),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private Worker startWorker() {
    Worker.Builder builder =
        fixture
            .workerBuilder("barrier", step -> StepResult.answer("unused"), 1, 1)
            .redis(stack.redisUri())
            .tool(TOOL, OperationClass.WRITE, this::write);
    return fixture.start(signals.applyTo(builder));
  }

  private ToolResult write(ToolInvocation call) {
    started.add(call.callId());
    return ToolResult.ok("wrote");
  }

  private Assignment call(String sessionId) {
    return fixture.toolCall(sessionId, fixture.nextToken(), 0, TOOL, "{}", ONE_WRITE);
  }

  private boolean finished(Assignment assignment) {
    return fixture.resultsFor(assignment).stream()
        .anyMatch(r -> r.getBody() instanceof ToolCallFinished);
  }

  private static boolean notStarted(WorkerResult result) {
    return result.getBody() instanceof ToolCallNotStarted;
  }

  private static String callId(Assignment assignment) {
    return ((ToolCallAssignment) assignment.getBody()).getCallId();
  }
}
