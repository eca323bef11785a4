package dev.baton.worker.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SignalBarrier} of a {@link TurnSignalListener}: a thread about to start work of a
 * session asks for the session's partition of the turn-signals topic (the one Kafka's default
 * partitioner picks for the session id, the key the coordinator writes signals under) to be read up
 * to its last stable offset as of the request, and waits until the listener has applied the signals
 * before it, at most {@link #TIMEOUT}.
 *
 * <p>Its own thread fetches the end offsets of every partition asked for since its last fetch in
 * one call, on a consumer of its own: on the listener's consumer that call would wait behind the
 * fetch the broker holds while no signal comes (up to {@code fetch.max.wait.ms}, 500 ms by
 * default). The listener reports its positions after every poll ({@link #applied}).
 */
public final class SignalReadBarrier implements SignalBarrier, AutoCloseable {

  /** The longest {@link #awaitSignalsOf} waits for the signals of a session to be read. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** How long the barrier's thread waits for a request before it looks whether it should stop. */
  private static final Duration IDLE = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(SignalReadBarrier.class);

  private final Consumer<String, byte[]> offsets;
  private final String topic;
  private final Duration closeTimeout;
  private final PendingReads reads = new PendingReads();
  private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
  private volatile int partitionCount;
  private volatile boolean serving = true;
  private Thread thread;

  /**
   * Creates a barrier; {@link #start} starts its thread.
   *
   * @param offsets a consumer with {@code isolation.level=read_committed}, used only for the end
   *     offsets, which the barrier closes
   * @param topic the turn-signals topic
   * @param closeTimeout the longest wait to close the consumer
   */
  public SignalReadBarrier(Consumer<String, byte[]> offsets, String topic, Duration closeTimeout) {
    this.offsets = Objects.requireNonNull(offsets, "offsets");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
  }

  /** Starts the thread {@code threadName}, which fetches the end offsets. */
  public void start(String threadName) {
    thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
  }

  /**
   * Waits until the listener has applied every signal committed on {@code sessionId}'s partition
   * before the call, at most {@link #TIMEOUT}. True at once while the topic has no partitions;
   * false if the listener has stopped.
   */
  @Override
  public boolean awaitSignalsOf(String sessionId) throws InterruptedException {
    int count = partitionCount;
    if (!serving) {
      return false;
    }
    if (count == 0) {
      return true;
    }
    var read = reads.request(new TopicPartition(topic, partitionOf(sessionId, count)));
    try {
      read.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException | CancellationException e) {
      read.cancel(false);
      log.warn(
          "The turn signals of session {} were not read within {}: {}",
          sessionId,
          TIMEOUT,
          serving ? String.valueOf(e) : "the listener stopped");
      return false;
    }
  }

  /** The partition of {@code key} out of {@code count}: Kafka's default partitioner's choice. */
  static int partitionOf(String key, int count) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count;
  }

  /** The listener reads {@code count} partitions of the topic. */
  void assigned(int count) {
    partitionCount = count;
  }

  /** The listener has applied every signal before {@code positions}. */
  void applied(Map<TopicPartition, Long> positions) {
    applied.putAll(positions);
    reads.completeReached(this::appliedUpTo);
  }

  /** The listener stopped: every request fails, now and later. */
  void listenerStopped() {
    serving = false;
    reads.failAll(new IllegalStateException("The turn signals are no longer read"));
  }

  /** Stops the thread, which closes its consumer, and fails the requests still waiting. */
  @Override
  public void close() {
    listenerStopped();
    if (thread == null) {
      offsets.close(closeTimeout);
      return;
    }
    try {
      thread.join(closeTimeout.toMillis() * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long appliedUpTo(TopicPartition partition) {
    return applied.getOrDefault(partition, -1L);
  }

  private void run() {
    try {
      while (serving && !Thread.currentThread().isInterrupted()) {
        List<PendingReads.Read> batch = reads.takeNew(IDLE);
        if (!batch.isEmpty()) {
          target(batch);
        }
      }
    } finally {
      offsets.close(closeTimeout);
    }
  }

  private void target(List<PendingReads.Read> batch) {
    try {
      reads.target(
          batch, offsets.endOffsets(PendingReads.partitions(batch), TIMEOUT), this::appliedUpTo);
    } catch (RuntimeException e) {
      log.warn("Cannot fetch the end offsets of {}", topic, e);
      PendingReads.fail(batch, e);
    }
  }
}
