package dev.baton.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer and the thread that owns it (a share consumer is not thread-safe). It polls
 * when its {@link Batch} is settled, hands each record to the {@link Dispatcher}, and acknowledges
 * each record when its settlement comes back, committing the acknowledgements asynchronously right
 * away so the broker learns of them without waiting for the rest of the batch.
 *
 * <p>{@link #stop(boolean) stop(false)} stops polling and waits for the batch to settle; {@code
 * stop(true)} releases every unsettled record at once. Either way the loop then commits and closes
 * the consumer.
 */
public final class PollLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private enum Mode {
    RUN,
    DRAIN,
    ABANDON
  }

  private final ShareConsumer<String, byte[]> consumer;
  private final String topic;
  private final Batch batch;
  private final Dispatcher dispatcher;
  private final Duration pollTimeout;
  private final Duration closeTimeout;
  private final BlockingQueue<Settlement> settlements = new LinkedBlockingQueue<>();
  private volatile Mode mode = Mode.RUN;
  private boolean uncommitted;

  /**
   * Creates a loop; it subscribes when it runs.
   *
   * @param consumer the share consumer, in explicit acknowledgement mode, which the loop closes
   * @param topic the assignments topic
   * @param capacity the most records in flight at once
   * @param dispatcher runs records
   * @param pollTimeout the longest wait of one poll, or for one settlement
   * @param closeTimeout the longest wait to commit and close at the end
   */
  public PollLoop(
      ShareConsumer<String, byte[]> consumer,
      String topic,
      int capacity,
      Dispatcher dispatcher,
      Duration pollTimeout,
      Duration closeTimeout) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.batch = new Batch(capacity);
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
  }

  @Override
  public void run() {
    try {
      consumer.setAcknowledgementCommitCallback(
          (offsets, e) -> {
            if (e != null) {
              log.warn("Acknowledging {} failed; the broker redelivers them", offsets, e);
            }
          });
      consumer.subscribe(List.of(topic));
      while (mode == Mode.RUN) {
        runOnce();
      }
      while (mode == Mode.DRAIN && !batch.isSettled()) {
        settleNext();
        commitIfNeeded();
      }
      releaseUnsettled();
    } catch (RuntimeException e) {
      log.error("Poll loop of {} failed; releasing its assignments", topic, e);
      releaseUnsettled();
    } finally {
      close();
    }
  }

  /**
   * Stops the loop: with {@code now} false it waits for the steps in flight; with {@code now} true
   * it releases them (their handlers should be interrupted by the caller). Returns at once.
   */
  public void stop(boolean now) {
    if (now) {
      mode = Mode.ABANDON;
    } else if (mode == Mode.RUN) {
      mode = Mode.DRAIN;
    }
  }

  /** How many records this loop has in flight; for tests and metrics. */
  public int inFlight() {
    return batch.inFlight();
  }

  /** One turn of the loop: poll if the batch is settled, otherwise wait for a settlement. */
  void runOnce() {
    if (batch.isSettled()) {
      poll();
    } else {
      settleNext();
    }
    commitIfNeeded();
  }

  private void poll() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
      if (batch.admit(record)) {
        dispatcher.dispatch(record, settlements::add);
      } else {
        // Only with an acquire mode that overshoots max.poll.records: give it back.
        acknowledge(record, AcknowledgeType.RELEASE);
      }
    }
    drainSettlements();
  }

  private void settleNext() {
    try {
      Settlement first = settlements.poll(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        apply(first);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mode = Mode.ABANDON;
      return;
    }
    drainSettlements();
  }

  private void drainSettlements() {
    Settlement next;
    while ((next = settlements.poll()) != null) {
      apply(next);
    }
  }

  private void apply(Settlement settlement) {
    if (batch.settle(settlement.record())) {
      acknowledge(settlement.record(), settlement.type());
    }
  }

  private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    log.debug("Acknowledging {} with {}", RecordId.of(record), type);
    consumer.acknowledge(record, type);
    uncommitted = true;
  }

  private void commitIfNeeded() {
    if (uncommitted) {
      consumer.commitAsync();
      uncommitted = false;
    }
  }

  private void releaseUnsettled() {
    for (ConsumerRecord<String, byte[]> record : batch.abandon()) {
      acknowledge(record, AcknowledgeType.RELEASE);
    }
  }

  private void close() {
    try {
      if (uncommitted) {
        consumer.commitSync(closeTimeout);
      }
    } catch (RuntimeException e) {
      log.warn("Committing the last acknowledgements failed; the broker redelivers them", e);
    } finally {
      consumer.close(closeTimeout);
    }
  }
}
