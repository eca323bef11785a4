package dev.baton.worker.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One delivery of a record to a handler thread and the way back to its poll loop: it is settled
 * exactly once (the first settlement wins, later ones are dropped), and until then it may ask the
 * loop to renew the record's acquisition lock. Once its handler has read the record and started its
 * lease ({@link #leaseStarted()}), the loop may hand the record over to that lease (accept it while
 * the handler still runs, see {@link PollLoop}); from then on the record's lock is not renewed, and
 * its settlement changes nothing at the share group. Thread-safe.
 */
public final class Delivery {

  private final ConsumerRecord<String, byte[]> record;
  private final Consumer<Settlement> loop;
  private final Consumer<Delivery> onLease;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final AtomicBoolean handedOff = new AtomicBoolean();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean leased = new AtomicBoolean();
  private final long deliveredAtNanos;

  /**
   * Creates a delivery.
   *
   * @param record the delivered record
   * @param loop takes the settlement, and {@code RENEW} requests before it
   */
  public Delivery(ConsumerRecord<String, byte[]> record, Consumer<Settlement> loop) {
    this(record, loop, delivery -> {}, System.nanoTime());
  }

  /**
   * Creates a delivery that tells its loop through {@code onLease} when its handler starts its
   * lease, so that the loop can hand the record over if that is due.
   */
  Delivery(
      ConsumerRecord<String, byte[]> record,
      Consumer<Settlement> loop,
      Consumer<Delivery> onLease) {
    this(record, loop, onLease, System.nanoTime());
  }

  /** A delivery handed over at {@code deliveredAtNanos} ({@link System#nanoTime()}). */
  Delivery(
      ConsumerRecord<String, byte[]> record, Consumer<Settlement> loop, long deliveredAtNanos) {
    this(record, loop, delivery -> {}, deliveredAtNanos);
  }

  private Delivery(
      ConsumerRecord<String, byte[]> record,
      Consumer<Settlement> loop,
      Consumer<Delivery> onLease,
      long deliveredAtNanos) {
    this.record = Objects.requireNonNull(record, "record");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.onLease = Objects.requireNonNull(onLease, "onLease");
    this.deliveredAtNanos = deliveredAtNanos;
  }

  /** A delivery whose settlement and renewals go nowhere; for running a record directly. */
  static Delivery detached(ConsumerRecord<String, byte[]> record) {
    return new Delivery(record, settlement -> {});
  }

  /** The record. */
  public ConsumerRecord<String, byte[]> record() {
    return record;
  }

  /**
   * Marks the record lost: the broker refused to renew its lock, so the share group delivers it
   * again, to another run; this run is stopped and publishes nothing.
   */
  void lose() {
    lost.set(true);
  }

  /** Whether the record was lost to another delivery. */
  boolean isLost() {
    return lost.get();
  }

  /** How many times the share group has delivered the record, counting this time; 1 if unknown. */
  public int deliveryCount() {
    Optional<Short> count = record.deliveryCount();
    return count.map(Short::intValue).orElse(1);
  }

  /**
   * Settles the record with {@code type} unless it is settled already; returns whether this call
   * settled it.
   */
  public boolean settle(AcknowledgeType type) {
    if (type == AcknowledgeType.RENEW) {
      throw new IllegalArgumentException("RENEW does not settle a record");
    }
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    loop.accept(new Settlement(record, type));
    return true;
  }

  /**
   * Asks the poll loop to renew the record's acquisition lock, unless it is settled or handed over
   * to its lease.
   */
  public void renew() {
    if (!settled.get() && !handedOff.get()) {
      loop.accept(new Settlement(record, AcknowledgeType.RENEW));
    }
  }

  /** How long ago the poll loop handed the record over, which is when its lock started. */
  public Duration age() {
    return Duration.ofNanos(System.nanoTime() - deliveredAtNanos);
  }

  /**
   * Marks that the handler has read the record and renews its lease with the coordinator: from now
   * on the poll loop may hand the record over to that lease. Until then the share group's lock is
   * all that brings the record back if this run cannot go on (a handler still waiting for the
   * schema registry to read its assignment gives the record back with {@code RELEASE}).
   */
  public void leaseStarted() {
    if (leased.compareAndSet(false, true)) {
      onLease.accept(this);
    }
  }

  /** Whether the handler has read the record and renews its lease ({@link #leaseStarted()}). */
  public boolean hasLease() {
    return leased.get();
  }

  /**
   * Marks the record handed over to its lease: the poll loop accepts it next, while its handler
   * runs. Called by the poll loop only.
   */
  void handOff() {
    handedOff.set(true);
  }

  /**
   * Whether the poll loop has accepted the record while its handler runs: its settlement changes
   * nothing, and a failure that would release it must be reported instead, or left to the lease.
   */
  public boolean isHandedOff() {
    return handedOff.get();
  }

  /** Whether the record is settled. */
  public boolean isSettled() {
    return settled.get();
  }
}
