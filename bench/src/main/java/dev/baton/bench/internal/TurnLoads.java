package dev.baton.bench.internal;

import dev.baton.schemas.avro.OnBusy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The two ways of offering turns: a closed loop of sequential turns, and an open loop at a rate.
 */
public final class TurnLoads {

  /**
   * What one load measured.
   *
   * @param completed turns that completed
   * @param errors turns that ended otherwise, failed to send, or did not end in time, by kind
   * @param seconds from the first send (or intended send) to the last end seen
   * @param latencies the latencies of the completed turns
   * @param cutByBudget whether the time budget stopped the load before all its turns were sent
   */
  public record Result(
      long completed,
      Map<String, Long> errors,
      double seconds,
      Latencies latencies,
      boolean cutByBudget) {

    /** Completed turns per second. */
    public double turnsPerSecond() {
      return completed / seconds;
    }

    /** All errors. */
    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final TurnSubmitter driver;
  private final String runId;

  /** Loads on {@code driver}; {@code runId} keeps session and turn ids unique. */
  public TurnLoads(TurnSubmitter driver, String runId) {
    this.driver = driver;
    this.runId = runId;
  }

  /**
   * {@code sessions} sessions each submit {@code turns} turns, the next when the previous ended; at
   * most {@code window} sessions run at once (a slot starts a new session when its session has sent
   * all its turns). Latency is from the send to the terminal event. Turn ids are tagged with {@code
   * round}, so the same {@code name} in another round sends new turns to the same sessions.
   */
  public Result closedLoop(
      String name,
      String round,
      int sessions,
      int turns,
      int window,
      String input,
      Duration budget,
      Duration drain)
      throws InterruptedException {
    int slots = Math.min(window, sessions);
    Tally tally = new Tally(sessions * turns);
    AtomicInteger nextSession = new AtomicInteger(slots);
    CountDownLatch done = new CountDownLatch(slots);
    long start = System.nanoTime();
    long stopSending = start + budget.toNanos();
    for (int slot = 0; slot < slots; slot++) {
      new ClosedSession(
              name, round, slot, turns, input, tally, nextSession, sessions, done, stopSending)
          .next(0);
    }
    done.await(budget.plus(drain).toMillis(), TimeUnit.MILLISECONDS);
    return tally.result(start, tally.sent() - tally.ended());
  }

  /** One slot of the closed loop: runs its session's turns, then takes the next session. */
  private final class ClosedSession {
    private final String name;
    private final String round;
    private final int turns;
    private final String input;
    private final Tally tally;
    private final AtomicInteger nextSession;
    private final int sessions;
    private final CountDownLatch done;
    private final long stopSending;
    private int session;

    ClosedSession(
        String name,
        String round,
        int session,
        int turns,
        String input,
        Tally tally,
        AtomicInteger nextSession,
        int sessions,
        CountDownLatch done,
        long stopSending) {
      this.name = name;
      this.round = round;
      this.stopSending = stopSending;
      this.session = session;
      this.turns = turns;
      this.input = input;
      this.tally = tally;
      this.nextSession = nextSession;
      this.sessions = sessions;
      this.done = done;
    }

    void next(int turn) {
      if (System.nanoTime() > stopSending) {
        tally.cut();
        done.countDown();
        return;
      }
      if (turn == turns) {
        session = nextSession.getAndIncrement();
        if (session >= sessions) {
          done.countDown();
          return;
        }
        turn = 0;
      }
      int thisTurn = turn;
      String sessionId = sessionId(name, session);
      tally.sent.incrementAndGet();
      driver.submit(
          sessionId,
          sessionId + "-t" + round + turn,
          input + " " + turn,
          OnBusy.REJECT,
          System.nanoTime(),
          outcome -> {
            tally.add(outcome);
            next(thisTurn + 1);
          });
    }
  }

  /**
   * Offers {@code rate} turns per second for {@code duration}, round-robin over {@code sessions}
   * sessions ({@code ENQUEUE} when busy), whatever the answers; waits up to {@code drain} for the
   * last ones. Latency is from each turn's intended send time, so a slow sender or a stalled system
   * cannot hide latency (no coordinated omission).
   */
  public Result openLoop(
      String name, int sessions, double rate, Duration duration, String input, Duration drain)
      throws InterruptedException {
    long total = Math.round(rate * duration.toNanos() / 1e9);
    Tally tally = new Tally((int) total);
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime() + 10_000_000;
    for (long i = 0; i < total; i++) {
      long intended = start + Math.round(i * intervalNanos);
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String sessionId = sessionId(name, (int) (i % sessions));
      tally.sent.incrementAndGet();
      driver.submit(
          sessionId, sessionId + "-o" + i, input + " " + i, OnBusy.ENQUEUE, intended, tally::add);
    }
    long deadline = System.nanoTime() + drain.toNanos();
    while (tally.ended() < total && System.nanoTime() < deadline) {
      Thread.sleep(20); // waits for a condition (every turn ended), with a deadline
    }
    return tally.result(start, total - tally.ended());
  }

  private String sessionId(String name, int session) {
    return sessionId(runId, name, session);
  }

  /** The id of session number {@code session} of the load {@code name} of run {@code runId}. */
  static String sessionId(String runId, String name, int session) {
    return runId + "-" + name + "-s" + session;
  }

  /** Counts outcomes; written by the events thread, read by the caller. */
  private static final class Tally {
    private final Latencies latencies;
    private final Map<String, Long> errors = new TreeMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean cut;
    private volatile long lastEndNanos;

    Tally(int expected) {
      latencies = new Latencies(expected);
    }

    void add(TurnSubmitter.Outcome outcome) {
      if (outcome.ok()) {
        latencies.record(outcome.startNanos(), outcome.endNanos());
        completed.incrementAndGet();
      } else {
        synchronized (errors) {
          errors.merge(outcome.end(), 1L, Long::sum);
        }
      }
      lastEndNanos = Math.max(lastEndNanos, outcome.endNanos());
      ended.incrementAndGet();
    }

    long ended() {
      return ended.get();
    }

    long sent() {
      return sent.get();
    }

    void cut() {
      cut = true;
    }

    Result result(long startNanos, long notEnded) {
      Map<String, Long> allErrors;
      synchronized (errors) {
        allErrors = new TreeMap<>(errors);
      }
      if (notEnded > 0) {
        allErrors.put("no-end-seen", notEnded);
      }
      double seconds = Math.max(1e-9, (lastEndNanos - startNanos) / 1e9);
      return new Result(completed.get(), allErrors, seconds, latencies, cut);
    }
  }
}
