package dev.baton.worker.internal;

import dev.baton.schemas.avro.TurnSignal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the turn-signals topic on its own thread and stops the turns it names in {@link
 * RunningAssignments}. One per worker process, with a plain consumer that is assigned every
 * partition (no group, nothing committed). It reads the topic from the beginning, and {@link
 * #start} returns only once it has read every signal written before it began (or after {@link
 * #CATCH_UP_TIMEOUT}): the topic is compacted and keeps each session's newest stop, so a worker
 * started after a cancel knows it before it takes its first assignment. Reads only committed
 * records, because the coordinator writes signals in its transactions. After every poll it reports
 * the positions up to which it has applied the signals to its {@link SignalReadBarrier}.
 */
public final class TurnSignalListener implements AutoCloseable {

  /** The longest wait of one poll; a signal reaches the handlers about this fast. */
  static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  /** How long to wait before looking again for a topic that does not exist yet. */
  static final Duration RETRY_ASSIGN = Duration.ofSeconds(5);

  /** The longest {@link #start} reads the signals written before it, before it gives up waiting. */
  static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(TurnSignalListener.class);

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final Deserializer<TurnSignal> signals;
  private final RunningAssignments running;
  private final Duration closeTimeout;
  private final SignalReadBarrier barrier;
  private volatile boolean closing;
  private Thread thread;
  private long nextAssignAttempt;

  /**
   * Creates a listener; {@link #start(String)} assigns the partitions and starts the thread.
   *
   * @param consumer the consumer, with {@code isolation.level=read_committed}, which it closes
   * @param topic the turn-signals topic
   * @param signals the deserializer of signals
   * @param running the handlers to stop
   * @param closeTimeout the longest wait to close the consumer
   * @param barrier the barrier that waits on what this listener has applied
   */
  public TurnSignalListener(
      Consumer<String, byte[]> consumer,
      String topic,
      Deserializer<TurnSignal> signals,
      RunningAssignments running,
      Duration closeTimeout,
      SignalReadBarrier barrier) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.signals = Objects.requireNonNull(signals, "signals");
    this.running = Objects.requireNonNull(running, "running");
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    this.barrier = Objects.requireNonNull(barrier, "barrier");
  }

  /**
   * Assigns every partition of the topic from its beginning, reads the signals written so far, and
   * starts the thread {@code threadName}, which reads every later one.
   */
  public void start(String threadName) {
    List<TopicPartition> partitions = assignFromBeginning();
    if (!partitions.isEmpty()) {
      catchUp(partitions);
      reportApplied();
    }
    thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
  }

  /** Stops the thread and closes the consumer; waits for the thread. */
  @Override
  public void close() {
    closing = true;
    if (thread == null) {
      consumer.close(closeTimeout);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(closeTimeout.toMillis() * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<TopicPartition> assignFromBeginning() {
    nextAssignAttempt = System.nanoTime() + RETRY_ASSIGN.toNanos();
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      log.warn("Topic {} has no partitions yet; turn signals are not read until it does", topic);
      return partitions;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    barrier.assigned(partitions.size());
    log.info("Reading turn signals from {} partitions of {}", partitions.size(), topic);
    return partitions;
  }

  /** Reads until every partition's position reaches its end offset as of now. */
  private void catchUp(List<TopicPartition> partitions) {
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    int read = 0;
    while (!reached(ends)) {
      if (System.nanoTime() >= deadline) {
        log.warn(
            "Read {} turn signals in {} without reaching the end of {}; taking assignments anyway",
            read,
            CATCH_UP_TIMEOUT,
            topic);
        return;
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        handle(record);
        read++;
      }
    }
    log.info("Read the {} turn signals written before this worker started", read);
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void run() {
    try {
      while (!closing) {
        if (consumer.assignment().isEmpty()) {
          waitToAssign();
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          handle(record);
        }
        reportApplied();
      }
    } catch (WakeupException e) {
      if (!closing) {
        log.error("Turn signal consumer woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("Reading turn signals failed; cancellation no longer reaches this worker", e);
    } finally {
      barrier.listenerStopped();
      consumer.close(closeTimeout);
    }
  }

  /** Tells the barrier that every signal before the consumer's positions is applied. */
  private void reportApplied() {
    barrier.applied(
        consumer.assignment().stream()
            .collect(Collectors.toMap(Function.identity(), consumer::position)));
  }

  private void waitToAssign() {
    if (System.nanoTime() >= nextAssignAttempt) {
      assignFromBeginning(); // a topic created after the worker started: all of it is new
      return;
    }
    try {
      Thread.sleep(POLL_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    TurnSignal signal;
    try {
      signal = signals.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn("Cannot read turn signal {}-{}@{}", topic, record.partition(), record.offset(), e);
      return;
    }
    if (signal == null) {
      return;
    }
    // STOP is the only kind; an unknown kind reads as STOP.
    int cancelled =
        running.stop(signal.getSessionId(), signal.getTurnId(), signal.getUpToFencingToken());
    if (cancelled == 0 && thread == null) {
      return; // catching up: old stops are remembered, not logged one by one
    }
    log.info(
        "Turn {} of session {} stopped ({}, tokens up to {}); {} running handlers cancelled",
        signal.getTurnId(),
        signal.getSessionId(),
        signal.getReason(),
        signal.getUpToFencingToken(),
        cancelled);
  }
}
