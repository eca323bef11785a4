package dev.baton.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>A record in flight can be {@link #handOff handed over} to its lease once it has been delivered
 * long enough: it leaves the batch, to be accepted while its handler still runs, and its later
 * settlement finds nothing to settle. Not thread-safe: the poll thread owns it.
 */
final class Batch {

  private static final class Entry {
    private final Delivery delivery;
    private ConsumerRecord<String, byte[]> record;
    private boolean renewing;
    private AcknowledgeType pending;

    private Entry(Delivery delivery) {
      this.delivery = delivery;
      this.record = delivery.record();
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

  /** Takes {@code delivery}'s record in, unless the batch is full; returns whether it did. */
  boolean admit(Delivery delivery) {
    if (isFull()) {
      return false;
    }
    unsettled.put(RecordId.of(delivery.record()), new Entry(delivery));
    return true;
  }

  /** Whether the batch holds {@code capacity} records. */
  boolean isFull() {
    return unsettled.size() >= capacity;
  }

  /**
   * Hands over to their leases the records in flight that were delivered at least {@code after}
   * ago: marks each delivery handed off, removes it, and returns the records, to be accepted.
   * Renewing records wait until they are back.
   */
  List<ConsumerRecord<String, byte[]>> handOff(Duration after) {
    List<ConsumerRecord<String, byte[]>> handedOff = new ArrayList<>();
    var entries = unsettled.values().iterator();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      if (!entry.renewing && entry.delivery.age().compareTo(after) >= 0) {
        entry.delivery.handOff();
        handedOff.add(entry.record);
        entries.remove();
      }
    }
    return handedOff;
  }

  /**
   * How long until the next record in flight is due to be handed over after {@code after} (zero if
   * one is due now); empty if no record is in flight.
   */
  Optional<Duration> untilNextHandOff(Duration after) {
    return unsettled.values().stream()
        .filter(e -> !e.renewing)
        .map(e -> after.minus(e.delivery.age()))
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

  /** Whether {@code record} is in the batch and in flight, so it can be renewed. */
  boolean isInFlight(ConsumerRecord<String, byte[]> record) {
    Entry entry = unsettled.get(RecordId.of(record));
    return entry != null && !entry.renewing;
  }

  /**
   * Marks every in-flight record renewing and returns them, to be acknowledged with {@code RENEW}.
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
