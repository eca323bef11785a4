package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnSignalListenerTest {

  private final TestAssignments assignments = new TestAssignments();
  private final AvroSerde<TurnSignal> serde =
      AvroSerde.forValue(TurnSignal.class, assignments.registry());
  private final FakeSignals consumer = FakeSignals.consumer();
  private final RunningAssignments running = new RunningAssignments();
  private final TurnSignalListener listener =
      new TurnSignalListener(consumer, FakeSignals.TOPIC, serde, running, Duration.ofSeconds(1));

  @AfterEach
  void close() {
    listener.close();
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
