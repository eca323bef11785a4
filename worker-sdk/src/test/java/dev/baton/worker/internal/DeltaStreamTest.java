package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.worker.DeltaKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Delta batching on a fake timer: time passes only when a test advances it. */
class DeltaStreamTest {

  private static final Duration LINGER = Duration.ofMillis(20);
  private static final Assignment STEP = TestAssignments.agentStep("s-1", "hello", 7);

  private final TestAssignments assignments = new TestAssignments();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final ResultPublisher publisher = assignments.publisher(producer);
  private final FakeTimer timer = new FakeTimer();

  @Test
  void shouldSendManyEmitsWithinTheLingerAsOneDelta() {
    DeltaStream stream = stream(LINGER, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);

    for (int i = 0; i < 100; i++) {
      stream.emit(DeltaKind.TEXT, "t" + i + " ");
    }
    assertThat(deltas()).as("within the linger").isEmpty();
    timer.advance(LINGER);

    assertThat(deltas())
        .singleElement()
        .satisfies(d -> assertThat(d.getText()).startsWith("t0 t1 ").endsWith("t99 "));
  }

  @Test
  void shouldSendOnceTheLingerHasPassedSinceTheFirstUnsentText() {
    DeltaStream stream = stream(LINGER, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);

    stream.emit(DeltaKind.TEXT, "a");
    timer.advance(Duration.ofMillis(15));
    stream.emit(DeltaKind.TEXT, "b");
    timer.advance(Duration.ofMillis(5));
    stream.emit(DeltaKind.TEXT, "c");
    timer.advance(Duration.ofMillis(19));
    assertThat(texts()).containsExactly("ab");
    timer.advance(Duration.ofMillis(1));

    assertThat(texts()).containsExactly("ab", "c");
    assertThat(deltas()).extracting(StreamDelta::getIndex).containsExactly(0, 1);
    assertThat(deltas()).extracting(StreamDelta::getDelivery).containsOnly(1);
  }

  @Test
  void shouldSendADeltaAsSoonAsItIsFull() {
    DeltaStream stream = stream(LINGER, valueBytesForText(10));

    stream.emit(DeltaKind.TEXT, "12345");
    stream.emit(DeltaKind.TEXT, "6789012");
    assertThat(texts()).as("before the linger").containsExactly("1234567890");
    stream.emit(DeltaKind.TEXT, "34567890");
    assertThat(texts()).as("full again").containsExactly("1234567890", "1234567890");
    stream.finish();

    assertThat(texts()).containsExactly("1234567890", "1234567890", "");
  }

  @Test
  void shouldCutAHugeEmitIntoDeltasUnderTheRecordLimitThatJoinToIt() {
    DeltaStream stream = stream(Duration.ZERO, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);
    String huge = hugeText(10 * 1024 * 1024);

    stream.emit(DeltaKind.TEXT, huge);
    stream.finish().join();

    List<ProducerRecord<String, byte[]>> records = producer.history();
    assertThat(records).hasSizeBetween(11, 40);
    assertThat(records)
        .allSatisfy(
            r ->
                assertThat(r.value().length)
                    .isLessThanOrEqualTo(ResultPublisher.DEFAULT_MAX_RESULT_BYTES));
    assertThat(String.join("", texts())).isEqualTo(huge);
    assertThat(deltas().getLast().getLast()).isTrue();
  }

  @Test
  void shouldNeverCutASurrogatePair() {
    DeltaStream stream = stream(Duration.ZERO, valueBytesForText(6));

    stream.emit(DeltaKind.TEXT, "a😀b😀😀é");

    assertThat(texts()).containsExactly("a😀b", "😀", "😀é");
    texts()
        .forEach(
            t ->
                assertThat(new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .as("whole code points only")
                    .isEqualTo(t));
  }

  @Test
  void shouldSendWhatIsGatheredWhenItFinishesAndTheLastMarkerLast() {
    DeltaStream stream = stream(LINGER, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);
    stream.emit(DeltaKind.TEXT, "a");
    stream.emit(DeltaKind.TEXT, "b");

    CompletableFuture<RecordMetadata> finished = stream.finish();
    timer.advance(LINGER.multipliedBy(2));

    assertThat(finished).isCompleted();
    assertThat(deltas()).extracting(StreamDelta::getText).containsExactly("ab", "");
    assertThat(deltas()).extracting(StreamDelta::getLast).containsExactly(false, true);
    assertThat(timer.pending()).as("the linger was cancelled").isZero();
  }

  @Test
  void shouldNeverMixKindsInOneDelta() {
    DeltaStream stream = stream(LINGER, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);

    stream.emit(DeltaKind.REASONING, "let me ");
    stream.emit(DeltaKind.REASONING, "think");
    stream.emit(DeltaKind.TEXT, "the answer");
    stream.emit(DeltaKind.of("tool_progress"), "3 of 10");
    stream.emit(DeltaKind.of("tool_progress"), ", 4 of 10");
    stream.finish();

    assertThat(deltas())
        .extracting(d -> d.getKind() + ":" + d.getText())
        .containsExactly(
            "reasoning:let me think", "text:the answer", "tool_progress:3 of 10, 4 of 10", "text:");
  }

  @Test
  void shouldSendEveryEmitAtOnceWithoutALinger() {
    DeltaStream stream = stream(Duration.ZERO, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);

    stream.emit(DeltaKind.TEXT, "a");
    stream.emit(DeltaKind.TEXT, "");
    stream.emit(DeltaKind.TEXT, "b");

    assertThat(texts()).containsExactly("a", "b");
    assertThat(timer.pending()).isZero();
  }

  @Test
  void shouldSendAtOnceWhenTheWorkersTimerHasStopped() {
    DeltaBatching.Timer stopped =
        (task, delay) -> {
          throw new RejectedExecutionException("shut down");
        };
    DeltaStream stream =
        new DeltaStream(
            publisher,
            STEP,
            1,
            new DeltaBatching(LINGER, ResultPublisher.DEFAULT_MAX_RESULT_BYTES, stopped));

    stream.emit(DeltaKind.TEXT, "a");

    assertThat(texts()).containsExactly("a");
  }

  @Test
  void shouldSendNothingForAStepThatEmittedNothing() {
    DeltaStream stream = stream(LINGER, ResultPublisher.DEFAULT_MAX_RESULT_BYTES);

    stream.emit(DeltaKind.TEXT, "");

    assertThat(stream.finish()).isCompleted();
    assertThat(producer.history()).isEmpty();
  }

  private DeltaStream stream(Duration linger, int maxValueBytes) {
    return new DeltaStream(publisher, STEP, 1, new DeltaBatching(linger, maxValueBytes, timer));
  }

  /** The value limit under which a delta of {@link #STEP} holds {@code textBytes} of text. */
  private static int valueBytesForText(int textBytes) {
    return textBytes
        + (ResultPublisher.DEFAULT_MAX_RESULT_BYTES
            - DeltaStream.maxTextBytes(ResultPublisher.DEFAULT_MAX_RESULT_BYTES, STEP));
  }

  /** {@code chars} chars of 1-, 2-, 3- and 4-byte code points. */
  private static String hugeText(int chars) {
    String pattern = "word é € 😀 ";
    StringBuilder text = new StringBuilder(chars + pattern.length());
    while (text.length() < chars) {
      text.append(pattern);
    }
    return text.toString();
  }

  private List<StreamDelta> deltas() {
    return producer.history().stream().map(assignments::delta).toList();
  }

  private List<String> texts() {
    return deltas().stream().map(StreamDelta::getText).toList();
  }

  /** A timer whose clock moves only when {@link #advance} is called; it runs due tasks then. */
  static final class FakeTimer implements DeltaBatching.Timer {

    private record Task(long dueNanos, long order, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks =
        new PriorityQueue<>(
            (a, b) ->
                a.dueNanos() != b.dueNanos()
                    ? Long.compare(a.dueNanos(), b.dueNanos())
                    : Long.compare(a.order(), b.order()));
    private long nowNanos;
    private long scheduled;

    @Override
    public synchronized DeltaBatching.Cancellable schedule(Runnable task, Duration delay) {
      boolean[] cancelled = {false};
      tasks.add(new Task(nowNanos + delay.toNanos(), scheduled++, task, cancelled));
      return () -> cancelled[0] = true;
    }

    /** Moves the clock on by {@code duration}, running every task that falls due, in order. */
    void advance(Duration duration) {
      long until = nowNanos + duration.toNanos();
      List<Task> due = new ArrayList<>();
      synchronized (this) {
        while (!tasks.isEmpty() && tasks.peek().dueNanos() <= until) {
          due.add(tasks.poll());
        }
        nowNanos = until;
      }
      due.stream().filter(t -> !t.cancelled()[0]).forEach(t -> t.run().run());
    }

    /** How many tasks are scheduled and neither run nor cancelled. */
    synchronized long pending() {
      return tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }
  }
}
