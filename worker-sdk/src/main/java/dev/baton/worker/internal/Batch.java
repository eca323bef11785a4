package dev.baton.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records one share consumer has delivered and not yet settled, at most {@code capacity} of
 * them, each either in flight or renewing. In explicit acknowledgement mode a share consumer may
 * only poll again once every record of its previous poll is acknowledged, where a {@code RENEW}
 * counts; so a poll loop polls only when its batch is settled or every record of it is renewing.
 *
 * <p>A renewing record was acknowledged with {@code RENEW}: the consumer does not hold it until the
 * broker confirms the renewal and a later poll returns it again, so it cannot be acknowledged
 * meanwhile; a settlement that arrives then waits here until it is back.
 *
 * <p>A record can be {@link #queue queued}: admitted while no handler slot of the worker was free,
 * it waits in the batch, its acquisition lock renewed by the loop, until {@link #startNext} hands
 * it to a handler.
 *
 * <p>A record in flight can be {@link #handOff handed over} to its lease once its handler has
 * started that lease and it has been delivered long enough: it leaves the batch, to be accepted
 * while its handler still runs, and its later settlement finds nothing to settle. Not thread-safe:
 * the poll thread owns it.
 */
final class Batch {

  private static final class Entry {
    private final Delivery delivery;
    private ConsumerRecord<String, byte[]> record;
    private boolean renewing;
    private boolean queued;
    private long lockedAtNanos = System.nanoTime();
    private AcknowledgeType pending;

    private Entry(Delivery delivery, boolean queued) {
      this.delivery = delivery;
      this.record = delivery.record();
      this.queued = queued;
    }

    /** Whether its handler runs and it is held by the consumer: it can be handed over. */
    private boolean isRunning() {
      return !renewing && !queued;
    }

    /** Whether its handler runs with its lease started: it can be handed over to that lease. */
    private boolean canHandOff() {
      return isRunning() && delivery.hasLease();
    }

    /** Whether it waits for a slot and is held by the consumer: it can be started or renewed. */
    private boolean isWaiting() {
      return !renewing && queued;
    }

    private Duration lockAge() {
      return Duration.ofNanos(System.nanoTime() - lockedAtNanos);
    }
  }

  private final int capacity;
  private final Map<RecordId, Entry> unsettled = new LinkedHashMap<>();

  Batch(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Takes {@code delivery}'s record in, its handler started, unless the batch is full; returns
   * whether it did.
   */
  boolean admit(Delivery delivery) {
    return add(delivery, false);
  }

  /**
   * Takes {@code delivery}'s record in to wait for a handler slot, unless the batch is full;
   * returns whether it did.
   */
  boolean queue(Delivery delivery) {
    return add(delivery, true);
  }

  private boolean add(Delivery delivery, boolean queued) {
    if (isFull()) {
      return false;
    }
    unsettled.put(RecordId.of(delivery.record()), new Entry(delivery, queued));
    return true;
  }

  /** Whether a queued record is held by the consumer, so that its handler can start. */
  boolean hasStartable() {
    return unsettled.values().stream().anyMatch(Entry::isWaiting);
  }

  /** Whether any record waits for a handler slot, held or renewing. */
  boolean hasQueued() {
    return queued() > 0;
  }

  /** How many records wait for a handler slot, held or renewing. */
  int queued() {
    return (int) unsettled.values().stream().filter(e -> e.queued).count();
  }

  /**
   * Marks the oldest startable queued record in flight and returns its delivery, to be dispatched.
   *
   * @throws IllegalStateException if none is {@link #hasStartable startable}
   */
  Delivery startNext() {
    Entry next =
        unsettled.values().stream()
            .filter(Entry::isWaiting)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No queued record to start"));
    next.queued = false;
    return next.delivery;
  }

  /**
   * How long until the acquisition lock of a queued record has run {@code every} since it last
   * started (zero if one has now); empty if no held record is queued.
   */
  Optional<Duration> untilQueuedRenewal(Duration every) {
    return soonest(Entry::isWaiting, every, Entry::lockAge);
  }

  /**
   * Removes the queued records the consumer holds and returns them, oldest first, to be released;
   * renewing ones stay until they are back.
   */
  List<ConsumerRecord<String, byte[]>> removeQueued() {
    List<ConsumerRecord<String, byte[]>> removed = new ArrayList<>();
    var entries = unsettled.values().iterator();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      if (entry.isWaiting()) {
        removed.add(entry.record);
        entries.remove();
      }
    }
    return removed;
  }

  /** Whether the batch holds {@code capacity} records. */
  boolean isFull() {
    return unsettled.size() >= capacity;
  }

  /**
   * Hands over to their leases the records in flight that were delivered at least {@code after}
   * ago: marks each delivery handed off, removes it, and returns the records, to be accepted.
   * Renewing records wait until they are back, queued ones until their handlers start.
   */
  List<ConsumerRecord<String, byte[]>> handOff(Duration after) {
    List<ConsumerRecord<String, byte[]>> handedOff = new ArrayList<>();
    var entries = unsettled.values().iterator();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      if (entry.canHandOff() && entry.delivery.age().compareTo(after) >= 0) {
        entry.delivery.handOff();
        handedOff.add(entry.record);
        entries.remove();
      }
    }
    return handedOff;
  }

  /**
   * How long until the next record in flight is due to be handed over after {@code after} (zero if
   * one is due now); empty if none will be. A record that is due but whose handler has not started
   * its lease does not count: its loop is woken when the lease starts ({@link
   * Delivery#leaseStarted()}).
   */
  Optional<Duration> untilNextHandOff(Duration after) {
    return soonest(
        e -> e.canHandOff() || (e.isRunning() && e.delivery.age().compareTo(after) < 0),
        after,
        e -> e.delivery.age());
  }

  private Optional<Duration> soonest(
      Predicate<Entry> which, Duration after, Function<Entry, Duration> age) {
    return unsettled.values().stream()
        .filter(which)
        .map(e -> after.minus(age.apply(e)))
        .min(Comparator.naturalOrder())
        .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
  }

  /**
   * Marks {@code record} settled; returns false if it is not in the batch (settled already, or
   * abandoned), in which case it must not be acknowledged again.
   */
  boolean settle(ConsumerRecord<String, byte[]> record) {
    return unsettled.remove(RecordId.of(record)) != null;
  }

  /**
   * Keeps {@code type} as the settlement of {@code record} if the record is renewing, to be
   * acknowledged once it is back; returns whether it did.
   */
  boolean defer(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    Entry entry = unsettled.get(RecordId.of(record));
    if (entry == null || !entry.renewing) {
      return false;
    }
    if (entry.pending == null) {
      entry.pending = type;
    }
    return true;
  }

  /** Whether {@code record} is in the batch and held by the consumer, so it can be renewed. */
  boolean isInFlight(ConsumerRecord<String, byte[]> record) {
    Entry entry = unsettled.get(RecordId.of(record));
    return entry != null && !entry.renewing;
  }

  /**
   * Marks every record the consumer holds (queued ones too) renewing and returns them, to be
   * acknowledged with {@code RENEW}.
   */
  List<ConsumerRecord<String, byte[]>> startRenewal() {
    List<ConsumerRecord<String, byte[]>> renewed = new ArrayList<>();
    for (Entry entry : unsettled.values()) {
      if (!entry.renewing) {
        entry.renewing = true;
        renewed.add(entry.record);
      }
    }
    return renewed;
  }

  /** Whether {@code record} is renewing, so a poll that returns it returns it renewed. */
  boolean isRenewing(ConsumerRecord<String, byte[]> record) {
    Entry entry = unsettled.get(RecordId.of(record));
    return entry != null && entry.renewing;
  }

  /**
   * Takes {@code record} back in flight after its renewal; returns the settlement that waited for
   * it, if any. The caller acknowledges it and then {@link #settle settles} the record.
   */
  Optional<AcknowledgeType> renewed(ConsumerRecord<String, byte[]> record) {
    Entry entry = unsettled.get(RecordId.of(record));
    if (entry == null || !entry.renewing) {
      return Optional.empty();
    }
    entry.renewing = false;
    entry.record = record;
    entry.lockedAtNanos = System.nanoTime();
    return Optional.ofNullable(entry.pending);
  }

  /**
   * Drops a renewing record whose renewal failed: the consumer no longer holds it and the share
   * group delivers it again. Returns whether it was renewing here.
   */
  boolean lost(RecordId id) {
    Entry entry = unsettled.get(id);
    if (entry == null || !entry.renewing) {
      return false;
    }
    unsettled.remove(id);
    entry.delivery.lose();
    return true;
  }

  /**
   * Removes every unsettled record and returns the in-flight ones, oldest first, to be released;
   * renewing ones are not held by the consumer, which gives them back when it closes.
   */
  List<ConsumerRecord<String, byte[]>> abandon() {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    for (Entry entry : unsettled.values()) {
      if (!entry.renewing) {
        records.add(entry.record);
      }
    }
    unsettled.clear();
    return records;
  }

  /** Whether every admitted record is settled. */
  boolean isSettled() {
    return unsettled.isEmpty();
  }

  /** Whether the consumer may poll: every unsettled record (if any) is renewing. */
  boolean canPoll() {
    return unsettled.values().stream().allMatch(e -> e.renewing);
  }

  /** How many records are admitted and not settled. */
  int inFlight() {
    return unsettled.size();
  }

  /** The most records the batch admits. */
  int capacity() {
    return capacity;
  }
}
