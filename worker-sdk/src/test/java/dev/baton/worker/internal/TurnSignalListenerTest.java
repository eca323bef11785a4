package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnSignalListenerTest {

  private final TestAssignments assignments = new TestAssignments();
  private final AvroSerde<TurnSignal> serde =
      AvroSerde.forValue(TurnSignal.class, assignments.registry());
  private final FakeSignals consumer = FakeSignals.consumer();
  private final RunningAssignments running = new RunningAssignments();
  private final FakeSignals offsets = FakeSignals.consumer();
  private final SignalReadBarrier barrier =
      new SignalReadBarrier(offsets, FakeSignals.TOPIC, Duration.ofSeconds(1));
  private final TurnSignalListener listener =
      new TurnSignalListener(
          consumer, FakeSignals.TOPIC, serde, running, Duration.ofSeconds(1), barrier);

  @AfterEach
  void close() {
    listener.close();
    barrier.close();
  }

  @Test
  void shouldCancelTheHandlersOfAStoppedTurn() {
    var handle = running.register(TestAssignments.agentStep("s-1", "hi", 7), () -> {});
    listener.start("signals-test");

    consumer.signal("s-1", serde.serialize(FakeSignals.TOPIC, stop("s-1", "turn-1", 7)));

    await().atMost(Duration.ofSeconds(1)).until(handle::isCancelled);
  }

  @Test
  void shouldSkipARecordThatIsNotASignalAndGoOn() {
    var handle = running.register(TestAssignments.agentStep("s-1", "hi", 7), () -> {});
    listener.start("signals-test");

    consumer.signal("s-1", new byte[] {1, 2, 3});
    consumer.signal("s-1", serde.serialize(FakeSignals.TOPIC, stop("s-1", "turn-1", 7)));

    await().atMost(Duration.ofSeconds(1)).until(handle::isCancelled);
  }

  @Test
  void shouldAssignEveryPartitionFromItsBeginning() {
    listener.start("signals-test");

    assertThat(consumer.assignment()).hasSize(1);
    assertThat(consumer.position(consumer.assignment().iterator().next())).isZero();
  }

  @Test
  void shouldKnowEveryStopWrittenBeforeItStartedOnceStartReturns() {
    consumer.writtenBefore("s-1", serde.serialize(FakeSignals.TOPIC, stop("s-1", "turn-1", 7)));
    consumer.writtenBefore("s-2", serde.serialize(FakeSignals.TOPIC, stop("s-2", "turn-4", 3)));

    listener.start("signals-test");

    assertThat(running.isStopped(TestAssignments.agentStep("s-1", "hi", 7))).isTrue();
    assertThat(running.isStopped(TestAssignments.agentStep("s-2", "hi", 3))).isTrue();
    assertThat(running.isStopped(TestAssignments.agentStep("s-1", "hi", 8))).isFalse();
  }

  @Test
  void shouldHaveAppliedEverySignalWrittenBeforeABarrierWhenItReturns() throws Exception {
    listener.start("signals-test");
    barrier.start("barrier-test");
    for (int i = 1; i <= 20; i++) {
      String session = "s-" + i;
      byte[] stop = serde.serialize(FakeSignals.TOPIC, stop(session, "turn-1", 7));
      consumer.signal(session, stop);
      offsets.endsAt(i); // the same topic, as the barrier's consumer sees it

      assertThat(barrier.awaitSignalsOf(session)).isTrue();

      assertThat(running.isStopped(TestAssignments.agentStep(session, "hi", 7))).isTrue();
    }
  }

  @Test
  void shouldPassABarrierAtOnceWhileTheTopicHasNoPartitions() throws Exception {
    consumer.updatePartitions(FakeSignals.TOPIC, List.of());
    listener.start("signals-test");
    barrier.start("barrier-test");

    assertThat(barrier.awaitSignalsOf("s-1")).isTrue();
  }

  @Test
  void shouldRefuseABarrierOnceTheListenerStopped() throws Exception {
    listener.start("signals-test");
    barrier.start("barrier-test");

    listener.close();

    await().atMost(Duration.ofSeconds(1)).until(consumer::closed);
    assertThat(barrier.awaitSignalsOf("s-1")).isFalse();
  }

  @Test
  void shouldWaitOnThePartitionKafkasDefaultPartitionerPicksForTheSession() {
    IntStream.range(0, 1_000)
        .mapToObj(i -> "session-" + i)
        .forEach(
            key ->
                assertThat(SignalReadBarrier.partitionOf(key, 12))
                    .isEqualTo(
                        BuiltInPartitioner.partitionForKey(
                            key.getBytes(StandardCharsets.UTF_8), 12)));
  }

  @Test
  void shouldCloseTheConsumer() {
    listener.start("signals-test");

    listener.close();

    assertThat(consumer.closed()).isTrue();
  }

  private static TurnSignal stop(String sessionId, String turnId, long upTo) {
    return TurnSignal.newBuilder()
        .setSessionId(sessionId)
        .setTurnId(turnId)
        .setKind(TurnSignalKind.STOP)
        .setReason("CANCELLED")
        .setUpToFencingToken(upTo)
        .setIssuedAt(Instant.now())
        .build();
  }
}
