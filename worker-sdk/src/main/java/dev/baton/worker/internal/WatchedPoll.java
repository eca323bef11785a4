package dev.baton.worker.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ShareConsumer;

/**
 * Decides when a waiting poll of one share consumer has nothing more to wait for, and wakes it.
 *
 * <p>Why polls are not simply given a short timeout: Kafka 4.4's share consumer asks its network
 * thread for records once per {@code poll} call, and a fetch that acquires only control records
 * (the transaction markers that the coordinator's exactly-once writes leave in the assignments
 * topic) ends that request. The consumer acknowledges the markers as {@code GAP} and sends no
 * further fetch until the next {@code poll} call, so a poll that goes on waiting waits for nothing.
 * A short timeout bounds that wait but costs something else: a poll that times out while its fetch
 * is still at the broker can leave one record acquired in the consumer's buffer, where it stays
 * unseen until the records in flight are acknowledged (explicit acknowledgement forbids polling
 * before that). So a {@link PollLoop} polls without a timeout of its own and this class ends the
 * wait when the consumer has stopped fetching:
 *
 * <ul>
 *   <li><b>gap</b>: the consumer sent acknowledgements that its poll loop did not make (the loop
 *       commits its own before it waits, so any new one is a {@code GAP} for control records); or
 *   <li><b>quiet</b>: no fetch response arrived for {@code quietLimit}, longer than a broker holds
 *       a fetch that finds nothing (a backstop for any other way a fetch request could end).
 * </ul>
 *
 * <p>Waking the consumer then is safe: no fetch is at the broker, and the next poll sends one.
 * Thread-safe: the poll thread calls {@link #acknowledged}, {@link #waitStarted} and {@link
 * #waitEnded}; the {@link PollWatch} thread calls {@link #check}.
 */
final class WatchedPoll {

  /** Why a waiting poll was woken. */
  enum Stall {
    GAP,
    QUIET
  }

  private final ShareConsumer<?, ?> consumer;
  private final Optional<FetchSignals> signals;
  private final long quietLimitNanos;
  private final AtomicLong gapWakeups = new AtomicLong();
  private final AtomicLong quietWakeups = new AtomicLong();
  private long ownAcknowledgements;
  private boolean waiting;
  private double gapBaseline;
  private double lastFetchResponses;
  private long lastFetchNanos;

  /**
   * Watches {@code consumer} through {@code signals}; without signals it never wakes a poll.
   *
   * @param consumer the share consumer whose polls may be woken
   * @param signals its counters, or empty for a consumer without them
   * @param quietLimit how long without a fetch response counts as not fetching
   */
  WatchedPoll(ShareConsumer<?, ?> consumer, Optional<FetchSignals> signals, Duration quietLimit) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.signals = Objects.requireNonNull(signals, "signals");
    this.quietLimitNanos = quietLimit.toNanos();
  }

  /** Whether the consumer's polls can be watched; if not, they need a timeout of their own. */
  boolean isWatching() {
    return signals.isPresent();
  }

  /** The poll loop acknowledged {@code count} records (any type, {@code RENEW} included). */
  synchronized void acknowledged(int count) {
    ownAcknowledgements += count;
  }

  /**
   * A poll that waits for new records starts now; every acknowledgement of the loop must have been
   * committed synchronously before.
   */
  synchronized void waitStarted(long nowNanos) {
    signals.ifPresent(
        s -> {
          gapBaseline = gaps(s);
          lastFetchResponses = s.fetchResponses().getAsDouble();
        });
    lastFetchNanos = nowNanos;
    waiting = true;
  }

  /** The waiting poll returned or was woken. */
  synchronized void waitEnded() {
    waiting = false;
  }

  /**
   * Wakes the waiting poll if the consumer stopped fetching.
   *
   * @return why it was woken, or empty if it was not waiting or is still fetching
   */
  synchronized Optional<Stall> check(long nowNanos) {
    if (!waiting || signals.isEmpty()) {
      return Optional.empty();
    }
    Optional<Stall> stall = stall(signals.get(), nowNanos);
    stall.ifPresent(this::wake);
    return stall;
  }

  /** Wakes the consumer whatever it is doing (to stop its loop). */
  void wakeUp() {
    consumer.wakeup();
  }

  /** How many waiting polls were woken because the consumer acknowledged control records. */
  long gapWakeups() {
    return gapWakeups.get();
  }

  /** How many waiting polls were woken because no fetch response came for the quiet limit. */
  long quietWakeups() {
    return quietWakeups.get();
  }

  private Optional<Stall> stall(FetchSignals s, long nowNanos) {
    if (gaps(s) > gapBaseline) {
      return Optional.of(Stall.GAP);
    }
    double fetchResponses = s.fetchResponses().getAsDouble();
    if (fetchResponses != lastFetchResponses) {
      lastFetchResponses = fetchResponses;
      lastFetchNanos = nowNanos;
      return Optional.empty();
    }
    return nowNanos - lastFetchNanos > quietLimitNanos
        ? Optional.of(Stall.QUIET)
        : Optional.empty();
  }

  private void wake(Stall stall) {
    waiting = false;
    (stall == Stall.GAP ? gapWakeups : quietWakeups).incrementAndGet();
    consumer.wakeup();
  }

  private double gaps(FetchSignals s) {
    return s.acknowledgementsSent().getAsDouble() - ownAcknowledgements;
  }
}
