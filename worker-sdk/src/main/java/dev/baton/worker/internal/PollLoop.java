package dev.baton.worker.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer and the thread that owns it (a share consumer is not thread-safe). It polls
 * when its {@link Batch} is settled, hands each record to the {@link Dispatcher}, and acknowledges
 * each record when its settlement comes back, committing the acknowledgements asynchronously right
 * away so the broker learns of them without waiting for the rest of the batch.
 *
 * <p>A {@code RENEW} request for a record in flight renews the acquisition lock of every record in
 * flight (the consumer may only poll once every record of its last poll is acknowledged, and a
 * {@code RENEW} counts), commits synchronously so the broker has confirmed the renewals, then polls
 * without waiting to take them back: the consumer hands a renewed record out again once the broker
 * confirms the renewal, and a poll that does so fetches nothing new. (A poll that waited for the
 * confirmation would fetch new records the full batch cannot take; they would sit in the consumer's
 * buffer, their locks running out and their delivery counts climbing.) A settlement that arrives
 * meanwhile waits for its record to be back. A renewal the broker refuses drops the record from the
 * batch: the share group delivers it again.
 *
 * <p>A poll for new records has no timeout of its own when the consumer can be watched: it returns
 * when records arrive, or is woken by the {@link WatchedPoll} when the consumer has stopped
 * fetching (a fetch that found only transaction markers), or by {@link #stop(boolean)}. A poll that
 * timed out while its fetch was at the broker could leave a record acquired in the consumer's
 * buffer, unseen while the batch is busy; the reasons are in {@link WatchedPoll}. Before such a
 * poll the loop commits its acknowledgements synchronously, so that the watch can tell them from
 * the consumer's own.
 *
 * <p>Handlers run in the worker's {@link HandlerSlots}, shared by its loops: each record the loop
 * dispatches takes a slot and keeps it until its handler ends. The loop polls for new records once
 * at least one slot is free, and reserves none for the poll: a loop waiting for records must not
 * keep slots from another loop whose records wait. A polled record that finds no free slot is
 * queued in the batch, still acquired by the consumer, and starts as soon as any handler of the
 * worker ends (the slots wake the loop); meanwhile the loop renews its acquisition lock itself,
 * every third of the lock, as a lease would. Without hand-off no record ever waits (a consumer's
 * unsettled records never outnumber its share of the slots); with hand-off at most one poll of each
 * consumer waits while every slot is taken. A draining loop releases its queued records.
 *
 * <p><b>Hand-off.</b> In explicit mode a Kafka 4.4 share consumer takes new records only when it
 * holds none, so a long handler holds back the rest of its consumer's capacity. With a hand-off
 * delay, a record that has been delivered that long, and whose handler has read it and started its
 * lease ({@link Delivery#leaseStarted()}), is handed over to that lease: the loop accepts it while
 * its handler still runs, no longer renews its acquisition lock (the handler's lease renewals to
 * the coordinator go on), and counts it as settled, so the consumer polls again once nothing else
 * of its batch is unsettled. Its slot stays taken until the handler ends; its later settlement
 * changes nothing. If the worker dies meanwhile, the coordinator's lease runs out and it assigns
 * the work again.
 *
 * <p>{@link #stop(boolean) stop(false)} stops polling and waits for the batch to settle and for
 * every handler it dispatched to end; {@code stop(true)} releases every unsettled record at once
 * (handed-off records cannot be released: the coordinator's lease takes them back). Either way the
 * loop then commits and closes the consumer.
 */
public final class PollLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  /** How long to wait for a settlement between polls that take renewed records back. */
  private static final Duration RENEWAL_WAIT = Duration.ofMillis(10);

  /**
   * The longest wait of a watched poll for new records; the watch or a stop ends it long before.
   */
  static final Duration WATCHED_POLL_LIMIT = Duration.ofMinutes(1);

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
  private final Consumer<Optional<Integer>> lockTimeouts;
  private final WatchedPoll watched;
  private final HandlerSlots slots;
  private final Optional<Duration> handOffAfter;

  /** Work for the poll thread: settlements, and wake-ups when a handler slot frees. */
  private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final Runnable slotListener = this::slotFreed;
  private volatile Mode mode = Mode.RUN;
  private volatile boolean wantsSlot;
  private WorkerMeters meters = WorkerMeters.NONE;
  private boolean uncommitted;
  private boolean renewalsSent;
  private long lockTimeoutMs = Leases.DEFAULT_LOCK_TIMEOUT_MS;

  /**
   * Creates a loop whose polls for new records are watched, and that reports the acquisition lock
   * timeout the consumer learns from the broker. It subscribes when it runs.
   *
   * @param consumer the share consumer, in explicit acknowledgement mode, which the loop closes
   * @param topic the assignments topic
   * @param capacity the batch's capacity, the handler slots and the hand-off delay
   * @param dispatcher runs records
   * @param timeouts the longest waits for a settlement (or an unwatched poll) and to close
   * @param lockTimeouts takes {@link ShareConsumer#acquisitionLockTimeoutMs()} after each poll
   * @param watched the watch of {@code consumer}'s waiting polls
   */
  PollLoop(
      ShareConsumer<String, byte[]> consumer,
      String topic,
      Capacity capacity,
      Dispatcher dispatcher,
      Timeouts timeouts,
      Consumer<Optional<Integer>> lockTimeouts,
      WatchedPoll watched) {
    this.lockTimeouts = Objects.requireNonNull(lockTimeouts, "lockTimeouts");
    this.watched = Objects.requireNonNull(watched, "watched");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.batch = new Batch(capacity.batch());
    this.slots = capacity.slots();
    this.handOffAfter = capacity.handOffAfter();
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.pollTimeout = timeouts.poll();
    this.closeTimeout = timeouts.close();
  }

  /**
   * How much a loop holds.
   *
   * @param batch the most records of the consumer unsettled at once, its {@code max.poll.records}
   * @param slots the worker's handler slots, shared by its loops
   * @param handOffAfter how long after its delivery a running record is handed over to its lease;
   *     empty to never hand one over
   */
  record Capacity(int batch, HandlerSlots slots, Optional<Duration> handOffAfter) {
    Capacity {
      Objects.requireNonNull(slots, "slots");
      Objects.requireNonNull(handOffAfter, "handOffAfter");
    }

    /** A loop with {@code batch} handler slots of its own and no hand-off. */
    static Capacity alone(int batch) {
      return new Capacity(batch, new HandlerSlots(batch), Optional.empty());
    }
  }

  /**
   * The timeouts of a loop.
   *
   * @param poll the longest wait for one settlement, or of one poll that is not watched
   * @param close the longest wait to commit and close at the end
   */
  record Timeouts(Duration poll, Duration close) {
    Timeouts {
      Objects.requireNonNull(poll, "poll");
      Objects.requireNonNull(close, "close");
    }
  }

  /** Counts the records this loop loses in {@code meters}; set before the loop runs. */
  PollLoop measuredBy(WorkerMeters meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
    return this;
  }

  @Override
  public void run() {
    slots.onFreed(slotListener);
    try {
      consumer.setAcknowledgementCommitCallback(this::onCommitted);
      consumer.subscribe(List.of(topic));
      while (mode == Mode.RUN) {
        runOnce();
      }
      while (mode == Mode.DRAIN && (!batch.isSettled() || running.get() > 0)) {
        runOnce();
      }
      releaseUnsettled();
    } catch (RuntimeException e) {
      log.error("Poll loop of {} failed; releasing its assignments", topic, e);
      releaseUnsettled();
    } finally {
      slots.removeOnFreed(slotListener);
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
    watched.wakeUp();
  }

  /** How many records this loop has in flight (handed-off ones are not); for tests. */
  public int inFlight() {
    return batch.inFlight();
  }

  /** How many handlers of this loop's records run, handed-off ones included; for metrics. */
  public int running() {
    return running.get();
  }

  /** How many records of this loop wait for a handler slot, as of its last turn; for metrics. */
  public int waiting() {
    return waiting.get();
  }

  /**
   * One turn of the loop: poll if the batch is settled (only while running), take renewed records
   * back if every unsettled record is renewing, otherwise wait for a settlement.
   */
  void runOnce() {
    try {
      pollOrSettle();
      startQueued();
      handOffDue();
      renewQueuedIfDue();
      commitIfNeeded();
    } catch (WakeupException e) {
      // Woken by the watch or by stop(), possibly just after a poll had returned: loop again.
      log.debug("Poll loop of {} woken", topic);
    } finally {
      waiting.set(batch.queued());
    }
  }

  private void pollOrSettle() {
    if (batch.isSettled() && mode == Mode.RUN) {
      // Records the poll brings beyond the free slots wait in the batch for one.
      if (slots.awaitFree(pollTimeout)) {
        waitForRecords();
      }
    } else if (!batch.isSettled() && batch.canPoll()) {
      // Renewals are confirmed (committed synchronously): a poll that returns renewed records
      // fetches nothing new. Waiting in it instead would let the consumer fetch records that sit in
      // its buffer, their locks running out, while the batch is full.
      poll(Duration.ZERO);
      if (batch.canPoll() && !batch.isSettled()) {
        settleNext(RENEWAL_WAIT);
      }
    } else {
      settleNext(settleWait());
    }
  }

  /**
   * The wait for a settlement: the poll timeout, or less if a record is due to be handed off or a
   * queued record's lock to be renewed.
   */
  private Duration settleWait() {
    return Stream.of(
            handOffAfter.flatMap(batch::untilNextHandOff),
            batch.untilQueuedRenewal(queuedRenewalInterval()))
        .flatMap(Optional::stream)
        .filter(wait -> wait.compareTo(pollTimeout) < 0)
        .min(Comparator.naturalOrder())
        .orElse(pollTimeout);
  }

  /**
   * Starts the queued records while handler slots are free; a loop that no longer runs releases
   * them instead. Until none is left the loop is woken when a slot frees.
   */
  private void startQueued() {
    if (mode != Mode.RUN) {
      for (ConsumerRecord<String, byte[]> record : batch.removeQueued()) {
        acknowledge(record, AcknowledgeType.RELEASE);
      }
      wantsSlot = false;
      return;
    }
    // Set before trying, so that a slot freed right after a failed try wakes the loop.
    wantsSlot = batch.hasQueued();
    while (batch.hasStartable() && slots.tryTakeOne()) {
      start(batch.startNext());
    }
    wantsSlot = batch.hasQueued();
  }

  /** Runs on the thread that freed a slot. */
  private void slotFreed() {
    if (wantsSlot && !wakeQueued.getAndSet(true)) {
      inbox.add(() -> wakeQueued.set(false));
    }
  }

  /** Renews every held record once a queued one's lock has run a third of its time. */
  private void renewQueuedIfDue() {
    boolean due =
        batch.untilQueuedRenewal(queuedRenewalInterval()).filter(Duration::isZero).isPresent();
    if (due && mode == Mode.RUN) {
      log.debug("Renewing the locks of records waiting for a handler slot");
      renewHeld();
    }
  }

  private Duration queuedRenewalInterval() {
    return Leases.interval(lockTimeoutMs, lockTimeoutMs, Optional.empty());
  }

  private void handOffDue() {
    if (handOffAfter.isEmpty() || mode != Mode.RUN) {
      return;
    }
    for (ConsumerRecord<String, byte[]> record : batch.handOff(handOffAfter.get())) {
      log.debug("Handing {} over to its lease", RecordId.of(record));
      acknowledge(record, AcknowledgeType.ACCEPT);
      meters.handedOff();
    }
  }

  private void waitForRecords() {
    watched.waitStarted(System.nanoTime());
    try {
      poll(watched.isWatching() ? WATCHED_POLL_LIMIT : pollTimeout);
    } finally {
      watched.waitEnded();
    }
  }

  private void poll(Duration timeout) {
    ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
    // Before dispatching, so that the leases of these records already know the lock.
    Optional<Integer> lockTimeout = consumer.acquisitionLockTimeoutMs();
    lockTimeouts.accept(lockTimeout);
    lockTimeout.filter(ms -> ms > 0).ifPresent(ms -> lockTimeoutMs = ms);
    for (ConsumerRecord<String, byte[]> record : records) {
      log.debug("Polled {}, delivery {}", RecordId.of(record), record.deliveryCount().orElse(null));
      take(record);
    }
    drainInbox();
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    if (batch.isRenewing(record)) {
      Optional<AcknowledgeType> pending = batch.renewed(record);
      log.debug("Renewed {}", RecordId.of(record));
      pending.ifPresent(type -> apply(new Settlement(record, type)));
    } else if (mode == Mode.RUN && !batch.isFull()) {
      Delivery delivery = new Delivery(record, this::received, this::leaseStarted);
      if (slots.tryTakeOne()) {
        batch.admit(delivery);
        start(delivery);
      } else {
        log.debug("Queueing {} until a handler slot is free", RecordId.of(record));
        batch.queue(delivery);
      }
    } else {
      // Beyond max.poll.records, or draining: give it back.
      acknowledge(record, AcknowledgeType.RELEASE);
    }
  }

  /** Dispatches a record in the batch, whose slot is taken. */
  private void start(Delivery delivery) {
    running.incrementAndGet();
    dispatcher.dispatch(delivery, this::handlerEnded);
  }

  /**
   * Runs on the handler's thread once it has started its lease: wakes the poll thread if the record
   * is due to be handed over already. One not yet due is in the loop's wait ({@link
   * Batch#untilNextHandOff}).
   */
  private void leaseStarted(Delivery delivery) {
    if (handOffAfter.filter(after -> delivery.age().compareTo(after) >= 0).isPresent()) {
      inbox.add(() -> {});
    }
  }

  /** Runs on any thread: hands a settlement to the poll thread. */
  private void received(Settlement settlement) {
    inbox.add(() -> apply(settlement));
  }

  /** Runs on the handler's thread. */
  private void handlerEnded() {
    running.decrementAndGet();
    slots.release(1);
  }

  private void settleNext(Duration timeout) {
    try {
      Runnable first = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        first.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mode = Mode.ABANDON;
      return;
    }
    drainInbox();
  }

  private void drainInbox() {
    Runnable next;
    while ((next = inbox.poll()) != null) {
      next.run();
    }
  }

  private void apply(Settlement settlement) {
    ConsumerRecord<String, byte[]> record = settlement.record();
    if (settlement.type() == AcknowledgeType.RENEW) {
      if (batch.isInFlight(record)) {
        renewHeld();
      }
    } else if (!batch.defer(record, settlement.type()) && batch.settle(record)) {
      acknowledge(record, settlement.type());
    }
  }

  /** Renews the lock of every record the consumer holds: it polls only once all are renewing. */
  private void renewHeld() {
    for (ConsumerRecord<String, byte[]> renewing : batch.startRenewal()) {
      acknowledge(renewing, AcknowledgeType.RENEW);
      renewalsSent = true;
    }
  }

  /** Runs on this thread, within poll, commit or close; must not call the consumer. */
  private void onCommitted(Map<TopicIdPartition, Set<Long>> offsets, Exception e) {
    if (e == null) {
      return;
    }
    offsets.forEach(
        (partition, partitionOffsets) -> {
          for (long offset : partitionOffsets) {
            RecordId id = new RecordId(partition.topic(), partition.partition(), offset);
            if (batch.lost(id)) {
              meters.recordLost();
              log.warn("Renewing {} failed; the share group delivers it again", id, e);
            }
          }
        });
    log.warn("Acknowledging {} failed; the broker redelivers them", offsets, e);
  }

  private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    log.debug("Acknowledging {} with {}", RecordId.of(record), type);
    consumer.acknowledge(record, type);
    watched.acknowledged(1);
    uncommitted = true;
  }

  private void commitIfNeeded() {
    if (renewalsSent) {
      // Waits for the broker to confirm the renewals, so that one poll takes the records back.
      renewalsSent = false;
      uncommitted = false;
      // The outcome of each renewal still reaches the commit callback or a later poll.
      commitSync("Confirming renewals failed; polling for them anyway");
    } else if (uncommitted && batch.isSettled()) {
      // Synchronously before the next poll waits, so its watch counts every acknowledgement of
      // this loop (commitSync also waits for the asynchronous commits before it).
      uncommitted = false;
      commitSync("Committing acknowledgements before polling failed");
    } else if (uncommitted) {
      consumer.commitAsync();
      uncommitted = false;
    }
  }

  private void commitSync(String failure) {
    try {
      consumer.commitSync(closeTimeout);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      log.warn(failure, e);
    }
  }

  private void releaseUnsettled() {
    for (ConsumerRecord<String, byte[]> record : batch.abandon()) {
      try {
        acknowledge(record, AcknowledgeType.RELEASE);
      } catch (IllegalStateException e) {
        log.debug("Cannot release {}; closing gives it back", RecordId.of(record), e);
      }
    }
  }

  private void close() {
    try {
      if (uncommitted) {
        consumer.commitSync(closeTimeout);
      }
    } catch (WakeupException e) {
      // Sent before the wait was woken; closing waits for them.
      log.debug("Woken while committing the last acknowledgements of {}", topic);
    } catch (RuntimeException e) {
      log.warn("Committing the last acknowledgements failed; the broker redelivers them", e);
    } finally {
      consumer.close(closeTimeout);
    }
  }
}
