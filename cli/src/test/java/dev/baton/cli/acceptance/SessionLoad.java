package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Sessions run turn after turn by {@link SessionClient}s on virtual threads, each client on its
 * share of the sessions, half of them starting on each of the instances up, until stopped.
 *
 * <pre>{@code
 * try (SessionLoad load = SessionLoad.start(up::get, sessions, 8, timeout)) {
 *   load.awaitMore(sessions.size());   // every session ran about one more turn
 *   ...                                // kill, evict, restart
 *   load.awaitEveryClientRound();      // every session ran a turn begun after this call
 *   int completed = load.stop();
 * }
 * }</pre>
 */
final class SessionLoad implements AutoCloseable {

  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Future<Integer>> clients = new ArrayList<>();
  private final List<AtomicInteger> rounds = new ArrayList<>();
  private final Duration timeout;

  private SessionLoad(Duration timeout) {
    this.timeout = timeout;
  }

  /** Starts {@code clients} clients on {@code sessions}, sent to the instances {@code up} names. */
  static SessionLoad start(
      Supplier<List<BatonApi>> up, List<String> sessions, int clients, Duration timeout) {
    SessionLoad load = new SessionLoad(timeout);
    for (int c = 0; c < clients; c++) {
      SessionClient client = new SessionClient(up, c % 2, load.completed);
      List<String> mine = SessionClient.shareOf(sessions, c, clients);
      AtomicInteger rounds = new AtomicInteger();
      load.rounds.add(rounds);
      load.clients.add(
          load.pool.submit(() -> client.runUntil(mine, load.stop::get, rounds::incrementAndGet)));
    }
    return load;
  }

  /** The turns completed so far. */
  int completed() {
    return completed.get();
  }

  /**
   * Waits until {@code more} further turns completed; fails if a client ended, which it does only
   * when it failed.
   */
  void awaitMore(int more) {
    int target = completed.get() + more;
    awaitOrClientEnded(() -> completed.get() >= target);
  }

  /**
   * Waits until every client ran a whole round begun after this call, so every session completed a
   * turn submitted after it; fails if a client ended, which it does only when it failed.
   */
  void awaitEveryClientRound() {
    List<Integer> targets = rounds.stream().map(r -> r.get() + 2).toList();
    awaitOrClientEnded(
        () ->
            IntStream.range(0, rounds.size()).allMatch(c -> rounds.get(c).get() >= targets.get(c)));
  }

  private void awaitOrClientEnded(BooleanSupplier condition) {
    await()
        .atMost(timeout)
        .until(() -> condition.getAsBoolean() || clients.stream().anyMatch(Future::isDone));
    clients.stream().filter(Future::isDone).forEach(SessionLoad::rethrow);
  }

  /** Stops the clients after their current round; returns the turns completed. */
  int stop() throws Exception {
    stop.set(true);
    for (Future<Integer> client : clients) {
      assertThat(client.get(timeout.toMillis(), TimeUnit.MILLISECONDS)).isPositive();
    }
    return completed.get();
  }

  private static void rethrow(Future<Integer> client) {
    try {
      client.get();
    } catch (Exception e) {
      throw new AssertionError("a client failed", e);
    }
    throw new AssertionError("a client ended before it was told to stop");
  }

  @Override
  public void close() {
    stop.set(true);
    pool.close();
  }
}
