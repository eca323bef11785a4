package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of running handlers, on one timer thread per worker. Every interval, while the
 * handler runs and its record is unsettled, a lease asks the record's poll loop to {@code RENEW}
 * the share group's acquisition lock and publishes {@code LeaseRenewed} so the coordinator extends
 * its own lease. Thread-safe.
 */
public final class Leases implements AutoCloseable {

  /** The share group's acquisition lock assumed until a consumer reports it (Kafka's default). */
  static final long DEFAULT_LOCK_TIMEOUT_MS = 30_000;

  private static final Logger log = LoggerFactory.getLogger(Leases.class);

  private final ScheduledExecutorService timer;
  private final ResultPublisher publisher;
  private final Optional<Duration> fixedInterval;
  private volatile long lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS;
  private volatile WorkerMeters meters = WorkerMeters.NONE;

  /**
   * Creates the timer.
   *
   * @param publisher where {@code LeaseRenewed} results go
   * @param fixedInterval the renewal interval, or empty to derive it from each lease
   * @param threadName the timer thread's name
   */
  public Leases(ResultPublisher publisher, Optional<Duration> fixedInterval, String threadName) {
    this(publisher, fixedInterval, timer(threadName));
  }

  /**
   * Renews leases on {@code timer}, the worker's, which {@link #close()} shuts down.
   *
   * @param publisher where {@code LeaseRenewed} results go
   * @param fixedInterval the renewal interval, or empty to derive it from each lease
   * @param timer the worker's timer
   */
  public Leases(
      ResultPublisher publisher, Optional<Duration> fixedInterval, ScheduledExecutorService timer) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.fixedInterval = Objects.requireNonNull(fixedInterval, "fixedInterval");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /** Counts the renewals sent in {@code meters}; set before any lease starts. */
  Leases measuredBy(WorkerMeters meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
    return this;
  }

  /** A timer of one daemon thread named {@code threadName}. */
  public static ScheduledExecutorService timer(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name(threadName).daemon().factory());
  }

  /**
   * How often a lease of {@code leaseMs} is renewed under an acquisition lock of {@code
   * lockTimeoutMs}: {@code fixedInterval} if given, else a third of the shorter of the two, but at
   * least {@link WorkerOptions#MIN_LEASE_RENEW_INTERVAL}.
   */
  static Duration interval(long leaseMs, long lockTimeoutMs, Optional<Duration> fixedInterval) {
    if (fixedInterval.isPresent()) {
      return fixedInterval.get();
    }
    Duration third = Duration.ofMillis(Math.max(0, Math.min(leaseMs, lockTimeoutMs) / 3));
    return third.compareTo(WorkerOptions.MIN_LEASE_RENEW_INTERVAL) < 0
        ? WorkerOptions.MIN_LEASE_RENEW_INTERVAL
        : third;
  }

  /** Takes the acquisition lock timeout a share consumer reports, if it reports one. */
  public void observeLockTimeout(Optional<Integer> timeoutMs) {
    timeoutMs.filter(ms -> ms > 0).ifPresent(ms -> lockTimeoutMs = ms);
  }

  /** The acquisition lock timeout the leases assume now. */
  long lockTimeoutMs() {
    return lockTimeoutMs;
  }

  /**
   * Starts renewing the lease of {@code delivery}, which runs {@code assignment} (tool call {@code
   * callId}, or null for an agent step). Close the lease when the handler ends.
   */
  Lease start(Assignment assignment, String callId, Delivery delivery) {
    Duration every = interval(assignment.getLeaseMs(), lockTimeoutMs, fixedInterval);
    Scheduled lease = new Scheduled(assignment, callId, delivery);
    try {
      Duration leaseEvery = interval(assignment.getLeaseMs(), Long.MAX_VALUE, fixedInterval);
      long first = firstRenewal(assignment, delivery, every, leaseEvery, Instant.now()).toMillis();
      lease.future =
          timer.scheduleAtFixedRate(lease::renew, first, every.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("Not renewing {}: the worker is closing", assignment.getAssignmentId());
    }
    return lease;
  }

  /**
   * How long after {@code now} the first renewal of {@code delivery} is due: one interval after
   * each of the two things it renews started, whichever comes first, or at once if that has passed.
   * The share group's lock runs from the delivery, not from the handler's start (reading the
   * assignment may have taken a schema lookup), and is renewed every {@code every}; the
   * coordinator's lease runs from when it issued the assignment ({@code issuedAt}, read by this
   * machine's clock as the renewals' {@code producedAt} is) and needs a renewal every {@code
   * leaseEvery}. So an assignment that waited in its topic (every worker busy, or the only one
   * still joining the share group) is renewed as its handler starts rather than after its lease ran
   * out.
   */
  static Duration firstRenewal(
      Assignment assignment, Delivery delivery, Duration every, Duration leaseEvery, Instant now) {
    Duration byLock = every.minus(delivery.age());
    Duration byLease = leaseEvery.minus(Duration.between(assignment.getIssuedAt(), now));
    Duration first = byLock.compareTo(byLease) < 0 ? byLock : byLease;
    return first.isNegative() ? Duration.ZERO : first;
  }

  /** Stops the timer; leases are no longer renewed. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One handler's lease; closing it stops the renewals, before any later result is sent. */
  interface Lease extends AutoCloseable {
    @Override
    void close();

    /** Whether renewals are still scheduled. */
    default boolean isActive() {
      return false;
    }
  }

  private final class Scheduled implements Lease {
    private final Assignment assignment;
    private final String callId;
    private final Delivery delivery;
    private volatile ScheduledFuture<?> future;
    private boolean closed;

    private Scheduled(Assignment assignment, String callId, Delivery delivery) {
      this.assignment = assignment;
      this.callId = callId;
      this.delivery = delivery;
    }

    private synchronized void renew() {
      if (closed || delivery.isSettled()) {
        close();
        return;
      }
      delivery.renew();
      meters.leaseRenewed();
      publisher
          .publish(assignment, WorkerResults.leaseRenewed(assignment.getLeaseMs(), callId))
          .whenComplete(
              (sent, e) -> {
                if (e != null) {
                  log.warn(
                      "Publishing LeaseRenewed for {} failed", assignment.getAssignmentId(), e);
                }
              });
    }

    @Override
    public boolean isActive() {
      ScheduledFuture<?> f = future;
      return f != null && !f.isDone();
    }

    /** Stops renewing; once it returns no renewal is sent any more. */
    @Override
    public synchronized void close() {
      closed = true;
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
