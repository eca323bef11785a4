package dev.baton.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per worker that checks the waiting polls of its share consumers every {@code tick} and
 * wakes those whose consumer stopped fetching (see {@link WatchedPoll}). Thread-safe.
 */
final class PollWatch implements AutoCloseable {

  /** How often waiting polls are checked. */
  static final Duration DEFAULT_TICK = Duration.ofMillis(2);

  /** How long a broker holds a share fetch that finds nothing, unless configured otherwise. */
  static final Duration DEFAULT_FETCH_MAX_WAIT = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(PollWatch.class);

  private final List<WatchedPoll> polls = new CopyOnWriteArrayList<>();
  private final Duration tick;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts the watch thread.
   *
   * @param tick how often to check
   * @param threadName the watch thread's name
   */
  PollWatch(Duration tick, String threadName) {
    this.tick = Objects.requireNonNull(tick, "tick");
    this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
  }

  /**
   * The quiet limit for a consumer whose broker holds an empty fetch for {@code fetchMaxWait}:
   * twice that, so that a consumer with a fetch at the broker is never taken for a quiet one.
   */
  static Duration quietLimit(Duration fetchMaxWait) {
    return fetchMaxWait.multipliedBy(2).plusMillis(100);
  }

  /** Watches {@code consumer}, whose fetches the broker holds for at most {@code fetchMaxWait}. */
  WatchedPoll watch(ShareConsumer<?, ?> consumer, Duration fetchMaxWait) {
    WatchedPoll poll =
        new WatchedPoll(consumer, FetchSignals.of(consumer), quietLimit(fetchMaxWait));
    if (!poll.isWatching()) {
      log.warn("A share consumer without fetch metrics: its polls are not watched");
    }
    polls.add(poll);
    return poll;
  }

  /** How many waiting polls were woken so far, by reason: {@code gap} and {@code quiet}. */
  String wakeups() {
    long gap = polls.stream().mapToLong(WatchedPoll::gapWakeups).sum();
    long quiet = polls.stream().mapToLong(WatchedPoll::quietWakeups).sum();
    return "gap " + gap + ", quiet " + quiet;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!closed) {
      LockSupport.parkNanos(tick.toNanos());
      long now = System.nanoTime();
      for (WatchedPoll poll : polls) {
        Optional<WatchedPoll.Stall> stall = poll.check(now);
        stall.ifPresent(s -> log.debug("Woke a waiting poll: {}", s));
      }
    }
  }
}
