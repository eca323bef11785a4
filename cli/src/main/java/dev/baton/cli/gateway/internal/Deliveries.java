package dev.baton.cli.gateway.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gateway's deliveries: those waiting for a remote worker to claim them (oldest first), those
 * claimed, and why the latest ended ones ended, so that a late request about one is answered
 * precisely.
 */
final class Deliveries {

  /** How many ended deliveries are remembered. */
  static final int REMEMBERED_ENDS = 100_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition offered = lock.newCondition();
  private final Deque<RemoteDelivery> unclaimed = new ArrayDeque<>();
  private final Map<String, RemoteDelivery> claimed = new ConcurrentHashMap<>();
  private final Map<String, EndReason> ended =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EndReason> eldest) {
              return size() > REMEMBERED_ENDS;
            }
          });

  /** Makes {@code delivery} claimable and wakes the polls waiting for work. */
  void offer(RemoteDelivery delivery) {
    lock.lock();
    try {
      unclaimed.addLast(delivery);
      offered.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims the oldest unclaimed delivery the worker can run, waiting up to {@code wait} for one.
   *
   * @return the delivery, its first heartbeat counted, or empty if none came in time
   */
  Optional<RemoteDelivery> claim(Capabilities capabilities, Duration wait)
      throws InterruptedException {
    long remaining = wait.toNanos();
    lock.lock();
    try {
      while (true) {
        Optional<RemoteDelivery> found = takeFirst(capabilities);
        if (found.isPresent() || remaining <= 0) {
          return found;
        }
        remaining = offered.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  private Optional<RemoteDelivery> takeFirst(Capabilities capabilities) {
    for (Iterator<RemoteDelivery> it = unclaimed.iterator(); it.hasNext(); ) {
      RemoteDelivery delivery = it.next();
      if (capabilities.canRun(delivery.work())) {
        it.remove();
        delivery.heartbeat();
        claimed.put(delivery.id(), delivery);
        delivery.claimed().complete(null);
        return Optional.of(delivery);
      }
    }
    return Optional.empty();
  }

  /**
   * Takes {@code delivery} back if no remote worker has claimed it yet.
   *
   * @return whether it was taken back; false if it is claimed
   */
  boolean withdraw(RemoteDelivery delivery) {
    lock.lock();
    try {
      return unclaimed.remove(delivery);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes {@code delivery}, which has ended (as an interrupted one if it was not finished): later
   * requests about it are refused with the reason.
   */
  void remove(RemoteDelivery delivery) {
    delivery.finish(EndReason.INTERRUPTED);
    EndReason reason = delivery.endReason().orElseThrow();
    lock.lock();
    try {
      unclaimed.remove(delivery);
    } finally {
      lock.unlock();
    }
    ended.putIfAbsent(delivery.id(), reason);
    claimed.remove(delivery.id());
  }

  /** The claimed delivery {@code id}, or why there is none. */
  Lookup find(String id) {
    RemoteDelivery delivery = claimed.get(id);
    if (delivery != null) {
      return delivery.endReason().<Lookup>map(Lookup.Ended::new).orElse(new Lookup.Open(delivery));
    }
    EndReason reason = ended.get(id);
    return reason != null ? new Lookup.Ended(reason) : new Lookup.Unknown();
  }

  /** How many deliveries are claimed by remote workers now. */
  int claimedCount() {
    return claimed.size();
  }

  /** What {@link #find} found. */
  sealed interface Lookup {

    /** A claimed delivery, open to its worker. */
    record Open(RemoteDelivery delivery) implements Lookup {}

    /** A delivery that ended. */
    record Ended(EndReason reason) implements Lookup {}

    /** No delivery of that id (never handed out, or forgotten). */
    record Unknown() implements Lookup {}
  }
}
