package dev.baton.cli.acceptance;

import dev.baton.cli.example.EchoAgent;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A client that runs turns through one coordinator's HTTP API and switches to the next one when its
 * coordinator cannot be reached, as a client behind a load balancer would. A turn is submitted
 * again under the same turn id until it completes, which is safe: a known turn id starts nothing.
 *
 * <pre>{@code
 * new SessionClient(List.of(api0, api1), 0, completed).run(sessions, 4);  // turns t-0..t-3 of each
 * new SessionClient(up::get, 0, completed).runUntil(sessions, stop::get, rounds::incrementAndGet);
 * }</pre>
 */
final class SessionClient {

  private static final int WAIT_SECONDS = 10;
  private static final Duration TURN_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration PAUSE = Duration.ofMillis(100);

  private final Supplier<List<BatonApi>> apis;
  private final AtomicInteger completed;
  private int current;

  /** A client of {@code apis.get(first)}, counting every turn it completes in {@code completed}. */
  SessionClient(List<BatonApi> apis, int first, AtomicInteger completed) {
    this(() -> apis, first, completed);
  }

  /**
   * A client of the instances {@code apis} names at each request (starting with the one at {@code
   * first}), counting every turn it completes in {@code completed}.
   */
  SessionClient(Supplier<List<BatonApi>> apis, int first, AtomicInteger completed) {
    this.apis = apis;
    this.current = first;
    this.completed = completed;
  }

  /** The sessions of client {@code client} of {@code clients}: every {@code clients}-th one. */
  static List<String> shareOf(List<String> sessions, int client, int clients) {
    return IntStream.range(0, sessions.size())
        .filter(i -> i % clients == client)
        .mapToObj(sessions::get)
        .toList();
  }

  /** The input of turn {@code turn} of {@code sessionId}. */
  private static String input(String sessionId, int turn) {
    return "turn " + turn + " of " + sessionId;
  }

  /**
   * Runs {@code turns} turns of every session, turn by turn across the sessions: turn {@code t-0}
   * of each session, then {@code t-1} of each, and so on.
   *
   * @throws AssertionError if a turn ends otherwise than completed with the echo answer
   */
  void run(List<String> sessions, int turns) throws InterruptedException {
    for (int turn = 0; turn < turns; turn++) {
      for (String session : sessions) {
        complete(session, turn);
      }
    }
  }

  /**
   * Runs turns of every session, turn by turn across the sessions as {@link #run} does, until
   * {@code stop} says so after a round; calls {@code roundDone} after each round and returns how
   * many rounds ran.
   */
  int runUntil(List<String> sessions, BooleanSupplier stop, Runnable roundDone)
      throws InterruptedException {
    int turn = 0;
    for (; !stop.getAsBoolean(); turn++) {
      for (String session : sessions) {
        complete(session, turn);
      }
      roundDone.run();
    }
    return turn;
  }

  private void complete(String sessionId, int turn) throws InterruptedException {
    String turnId = "t-" + turn;
    String input = input(sessionId, turn);
    long deadline = System.nanoTime() + TURN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      BatonApi.Reply reply;
      List<BatonApi> up = apis.get();
      try {
        reply =
            up.get(current % up.size()).submit(sessionId, turnId, input, "reject", WAIT_SECONDS);
      } catch (UncheckedIOException e) {
        current = (current + 1) % up.size();
        Thread.sleep(PAUSE);
        continue;
      }
      if (reply.retryable()) {
        Thread.sleep(PAUSE);
      } else if (reply.status() != 202) {
        check(sessionId, turnId, input, reply);
        completed.incrementAndGet();
        return;
      }
    }
    throw new AssertionError(sessionId + " " + turnId + " did not complete in " + TURN_TIMEOUT);
  }

  private static void check(String sessionId, String turnId, String input, BatonApi.Reply reply) {
    if (reply.status() != 200
        || !"COMPLETED".equals(reply.turnStatus())
        || !EchoAgent.answerTo(input).equals(reply.text("answer"))) {
      throw new AssertionError(sessionId + " " + turnId + " answered " + reply);
    }
  }
}
