package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.OwnedSessions;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.limits.TurnKind;
import dev.baton.coordinator.limits.TurnSlot;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.topology.DecisionListener;
import dev.baton.schemas.SessionKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every limited tenant's running and queued turns in the shared counts, and in this
 * instance's own counts for when Redis does not answer.
 *
 * <ul>
 *   <li>A submit that would start or queue a turn reserves it first ({@link #reserve}): the shared
 *       counts take it only under the limit, at once over the fleet.
 *   <li>The owner's decisions then keep or drop it ({@link #decided}, on the stream thread, which
 *       only queues the changes: one thread of its own writes them to Redis).
 *   <li>Every counted turn is a lease: it counts until {@link TenantLimits#turnLease()} after it
 *       was last written. Every {@link TenantLimits#turnRenewInterval()} that thread renews the
 *       turns of the sessions it heard of from their state in the owner's store, drops their
 *       finished turns, and forgets the sessions that are idle or no longer owned here. A change
 *       lost while Redis was down, or with an owner that stopped at once, is thus made good by the
 *       next renewal, or runs out with its lease.
 *   <li>When this instance takes sessions over ({@link #takeOver()}), it scans its store for the
 *       sessions with turns and renews them at once, before the previous owner's leases run out and
 *       whether or not they decide anything soon.
 * </ul>
 */
public final class TurnTracker implements DecisionListener, AutoCloseable {

  /** The most changes waiting to be written; more are dropped and left to the renewal. */
  static final int MAX_PENDING = 100_000;

  /** The most changes written at once. */
  static final int BATCH = 1_000;

  private static final Logger log = LoggerFactory.getLogger(TurnTracker.class);

  private final TenantLimits limits;
  private final SharedTurnCounts shared;
  private final OwnedSessions owned;
  private final LimitListener listener;
  private final LongSupplier epochMillis;
  private final Executor writer;
  private final SharedStatus status;
  private final LocalTurnCounts local = new LocalTurnCounts();

  /** The sessions whose turns are renewed, each with the count of its decisions heard. */
  private final Map<String, Long> tracked = new ConcurrentHashMap<>();

  private final BlockingQueue<TurnChange> pending = new ArrayBlockingQueue<>(MAX_PENDING);
  private final AtomicBoolean flushQueued = new AtomicBoolean();

  /** Whether the owned sessions with turns are to be scanned before the next renewal. */
  private final AtomicBoolean takeOverPending = new AtomicBoolean();

  /**
   * A tracker whose writes run on {@code writer} (the caller's thread with {@code Runnable::run},
   * for tests); nothing renews its counts but {@link #renew()}.
   *
   * @param nanoTime the clock of the Redis retry interval, {@code System::nanoTime}
   * @param epochMillis the clock of the leases, {@code System::currentTimeMillis}
   */
  public TurnTracker(
      TenantLimits limits,
      SharedTurnCounts shared,
      OwnedSessions owned,
      LimitListener listener,
      LongSupplier nanoTime,
      LongSupplier epochMillis,
      Executor writer) {
    this.limits = limits;
    this.shared = shared;
    this.owned = owned;
    this.listener = listener;
    this.epochMillis = epochMillis;
    this.writer = writer;
    this.status =
        new SharedStatus(
            "The shared turn counts",
            "limits each tenant's turns by those of its own sessions",
            "turns are limited fleet-wide",
            limits.redisRetryInterval(),
            nanoTime);
  }

  /**
   * A tracker of {@code limits} over {@code shared} whose thread writes the changes and renews the
   * turns of {@code owned} sessions every {@link TenantLimits#turnRenewInterval()}.
   */
  public static TurnTracker start(
      TenantLimits limits, SharedTurnCounts shared, OwnedSessions owned, LimitListener listener) {
    ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("baton-turn-counts").daemon().factory());
    TurnTracker tracker =
        new TurnTracker(
            limits, shared, owned, listener, System::nanoTime, System::currentTimeMillis, thread);
    long every = limits.turnRenewInterval().toMillis();
    thread.scheduleWithFixedDelay(tracker::renew, every, every, TimeUnit.MILLISECONDS);
    return tracker;
  }

  /**
   * Counts turn {@code turnId} of the session keyed {@code sessionKey} as {@code kind}, if its
   * tenant counts fewer than its limit (or counts this turn already): in Redis, or by this
   * instance's own counts while Redis does not answer. Never waits longer than {@link
   * TenantLimits#redisTimeout()}.
   *
   * @return the counted turn's slot, or empty if the tenant is at its limit
   */
  public Optional<TurnSlot> reserve(String sessionKey, String turnId, TurnKind kind) {
    String tenant = SessionKeys.tenantOf(sessionKey);
    OptionalInt max = limits.of(tenant).maxTurns(kind);
    if (max.isEmpty()) {
      return Optional.of(TurnSlot.UNCOUNTED);
    }
    TurnChange change = new TurnChange(tenant, kind, TurnChange.member(sessionKey, turnId), true);
    boolean counted = sharedOrLocal(sessionKey, change, max.getAsInt());
    if (!counted) {
      listener.turnRefused(tenant, kind);
      return Optional.empty();
    }
    return Optional.of(slot(sessionKey, change));
  }

  /**
   * How many turns of {@code kind} {@code tenant} counts over the fleet; this instance's own count
   * while Redis does not answer.
   */
  public long count(String tenant, TurnKind kind) {
    if (!status.down()) {
      try {
        long count = shared.count(tenant, kind, epochMillis.getAsLong());
        status.answered();
        return count;
      } catch (RuntimeException e) {
        status.failed(e);
      }
    }
    return local.count(tenant, kind);
  }

  /** Whether Redis failed lately, so that this instance counts turns on its own. */
  public boolean countingLocally() {
    return status.down();
  }

  /** Hears a decision of the session keyed {@code sessionKey}; never waits on Redis. */
  @Override
  public void decided(String sessionKey, List<SessionEvent> events) {
    if (!limits.of(SessionKeys.tenantOf(sessionKey)).limitsTurns()) {
      return;
    }
    List<TurnChange> changes = TurnChanges.of(sessionKey, events);
    heard(sessionKey, changes);
    write(changes);
  }

  /**
   * This instance may own sessions it did not own before (its tasks changed): their running and
   * queued turns are counted from their state now, on the tracker's thread, not at their next
   * decision. A scan that fails (the instance is rebalancing again) is tried at the next renewal.
   */
  public void takeOver() {
    takeOverPending.set(true);
    try {
      writer.execute(this::renew);
    } catch (RejectedExecutionException closed) {
      // Closing: nothing to count any more.
    }
  }

  /**
   * Renews the turns of every session heard of from its state in this instance's store, and forgets
   * the sessions that are idle (once that is written) or not owned here; first, after {@link
   * #takeOver()}, tracks every owned session with turns.
   */
  public void renew() {
    try {
      if (takeOverPending.getAndSet(false)) {
        trackOwnedSessionsWithTurns();
      }
      Map<String, Long> idle = new HashMap<>();
      List<TurnChange> changes = new ArrayList<>();
      tracked.forEach((sessionKey, heard) -> renew(sessionKey, heard, changes, idle));
      boolean written = true;
      for (int from = 0; from < changes.size(); from += BATCH) {
        written &= writeShared(changes.subList(from, Math.min(changes.size(), from + BATCH)));
      }
      if (written) {
        idle.forEach(tracked::remove);
      }
    } catch (RuntimeException e) {
      log.warn("Renewing the turn counts failed; they are renewed again in {}", interval(), e);
    }
  }

  private void trackOwnedSessionsWithTurns() {
    List<String> withTurns;
    try {
      withTurns = owned.withTurns();
    } catch (RuntimeException e) {
      takeOverPending.set(true);
      throw e;
    }
    for (String sessionKey : withTurns) {
      if (limits.of(SessionKeys.tenantOf(sessionKey)).limitsTurns()) {
        tracked.putIfAbsent(sessionKey, 0L);
      }
    }
  }

  private void renew(
      String sessionKey, long heard, List<TurnChange> changes, Map<String, Long> idle) {
    Optional<SessionState> state;
    try {
      state = owned.state(sessionKey);
    } catch (RuntimeException e) {
      return; // Not known now (rebalancing): asked again at the next renewal.
    }
    synchronized (this) {
      if (tracked.getOrDefault(sessionKey, -1L) != heard) {
        return; // Decided meanwhile: the state read may be older than the counts.
      }
      if (state.isEmpty()) {
        local.dropSession(SessionKeys.tenantOf(sessionKey), sessionKey);
        tracked.remove(sessionKey, heard);
        return;
      }
      List<TurnChange> renewed = TurnChanges.of(state.get());
      local.apply(renewed);
      changes.addAll(renewed);
    }
    if (state.get().isIdle() && state.get().queue().isEmpty()) {
      idle.put(sessionKey, heard);
    }
  }

  private boolean sharedOrLocal(String sessionKey, TurnChange change, int max) {
    if (!status.down()) {
      try {
        long now = epochMillis.getAsLong();
        boolean counted =
            shared.reserve(change.tenant(), change.kind(), change.member(), max, now, until(now));
        status.answered();
        if (counted) {
          heard(sessionKey, List.of(change));
        }
        return counted;
      } catch (RuntimeException e) {
        status.failed(e);
      }
    }
    boolean counted;
    synchronized (this) {
      counted = local.reserve(change.tenant(), change.kind(), change.member(), max);
    }
    if (counted) {
      heard(sessionKey, List.of(change));
    }
    listener.turnDecidedLocally(change.tenant(), counted);
    return counted;
  }

  /**
   * Applies {@code changes} of the session keyed {@code sessionKey} to this instance's counts, and
   * renews the session from now on (a reserved turn is in no state until its decision); a renewal
   * that read the session's state before this does not apply it.
   */
  private synchronized void heard(String sessionKey, List<TurnChange> changes) {
    local.apply(changes);
    tracked.merge(sessionKey, 1L, Long::sum);
  }

  private TurnSlot slot(String sessionKey, TurnChange reserved) {
    AtomicBoolean released = new AtomicBoolean();
    TurnChange drop = new TurnChange(reserved.tenant(), reserved.kind(), reserved.member(), false);
    return () -> {
      if (released.compareAndSet(false, true)) {
        heard(sessionKey, List.of(drop));
        write(List.of(drop));
      }
    };
  }

  private void write(List<TurnChange> changes) {
    int dropped = 0;
    for (TurnChange change : changes) {
      if (!pending.offer(change)) {
        dropped++;
      }
    }
    if (dropped > 0) {
      listener.turnChangesUnwritten(dropped);
    }
    if (!changes.isEmpty() && flushQueued.compareAndSet(false, true)) {
      try {
        writer.execute(this::flush);
      } catch (RejectedExecutionException e) {
        // Closed: the instance is stopping, and the renewals of the sessions' new owners count.
      }
    }
  }

  private void flush() {
    flushQueued.set(false);
    List<TurnChange> batch = new ArrayList<>();
    while (pending.drainTo(batch, BATCH) > 0) {
      writeShared(batch);
      batch.clear();
    }
  }

  private boolean writeShared(List<TurnChange> changes) {
    if (changes.isEmpty()) {
      return true;
    }
    if (!status.down()) {
      try {
        long now = epochMillis.getAsLong();
        shared.apply(changes, now, until(now));
        status.answered();
        return true;
      } catch (RuntimeException e) {
        status.failed(e);
      }
    }
    listener.turnChangesUnwritten(changes.size());
    return false;
  }

  private long until(long nowMillis) {
    return nowMillis + limits.turnLease().toMillis();
  }

  private Duration interval() {
    return limits.turnRenewInterval();
  }

  /** Stops renewing; changes already queued are still written, within the Redis timeout each. */
  @Override
  public void close() {
    if (writer instanceof ScheduledExecutorService thread) {
      thread.shutdown();
      try {
        thread.awaitTermination(
            limits.redisTimeout().multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread.shutdownNow();
    }
  }
}
