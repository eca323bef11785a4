package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryChecker;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance (issue #3): 200 sessions x 10 turns submitted concurrently, a mix of {@code reject}
 * and {@code enqueue}, some with {@code sleep}: every accepted turn ends; the events never show two
 * active turns in one session; each session's history is exactly its accepted inputs and answers,
 * in order, with gap-free sequence numbers; resubmitting a {@code turnId} creates no second turn.
 *
 * <p>Sessions run at once on virtual threads, with at most {@link #MAX_CONCURRENT_REQUESTS} HTTP
 * requests in flight. Each session follows one of four {@link Style styles}. Every answer is
 * recorded; a turn is accepted if any submit of its id was answered 200 or 202. The outcome is
 * checked through the API (history and events, paged) and on the session-events topic.
 */
@BatonStackTest
class ConcurrentTurnsIT {

  private static final Logger log = LoggerFactory.getLogger(ConcurrentTurnsIT.class);

  private static final int SESSIONS = 200;
  private static final int TURNS = 10;
  private static final int MAX_CONCURRENT_REQUESTS = 64;
  private static final int WAIT_SECONDS = 10;
  private static final int PAGE_SIZE = 7;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  /** How a session submits its turns. */
  enum Style {
    /** One at a time, each with {@code ?wait}, alternating {@code reject} and {@code enqueue}. */
    WAITING,
    /** One at a time without waiting, {@code enqueue}: all queue up behind the first. */
    ENQUEUE,
    /** One at a time without waiting, {@code reject}: a turn is refused while one runs. */
    REJECT,
    /** All at once, alternating {@code reject} and {@code enqueue}, one turn id twice. */
    BURST
  }

  /** What one session submitted and what it was told. */
  static final class SessionRun {
    final String sessionId;
    final Style style;
    final Map<String, String> inputs = new ConcurrentHashMap<>();
    final List<String> submitOrder = new CopyOnWriteArrayList<>();
    final Map<String, List<BatonApi.Reply>> replies = new ConcurrentHashMap<>();

    SessionRun(String sessionId, Style style) {
      this.sessionId = sessionId;
      this.style = style;
    }

    void record(String turnId, BatonApi.Reply reply) {
      replies.computeIfAbsent(turnId, t -> new CopyOnWriteArrayList<>()).add(reply);
    }

    boolean accepted(String turnId) {
      return replies.getOrDefault(turnId, List.of()).stream().anyMatch(BatonApi.Reply::accepted);
    }

    /** Accepted turn ids in the order they were first submitted. */
    List<String> acceptedInSubmitOrder() {
      return submitOrder.stream().filter(this::accepted).toList();
    }

    Set<String> accepted() {
      return new HashSet<>(acceptedInSubmitOrder());
    }

    long rejections() {
      return replies.values().stream().flatMap(List::stream).filter(r -> r.status() == 409).count();
    }

    /** Whether a submit went unanswered (504), so that its decision is unknown to the client. */
    boolean anyUndecided() {
      return replies.values().stream().flatMap(List::stream).anyMatch(r -> r.status() == 504);
    }
  }

  private final Semaphore requests = new Semaphore(MAX_CONCURRENT_REQUESTS);

  @Test
  void shouldEndEveryAcceptedTurnWithOneActiveTurnAndAnExactHistoryPerSession(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir).partitions(6).workers(2).maxInFlight(32).start();
        TopicReader topics = new TopicReader(stack, fleet.layout())) {
      BatonApi api = new BatonApi(fleet.coordinator(0).httpPort(), PAGE_SIZE);
      List<SessionRun> runs =
          IntStream.range(0, SESSIONS)
              .mapToObj(i -> new SessionRun(ids.sessionId(), Style.values()[i % 4]))
              .toList();

      long start = System.nanoTime();
      drive(api, runs);
      log.info("{} sessions submitted in {} ms", SESSIONS, millisSince(start));

      assertRepliesAreConsistent(runs);
      awaitEveryAcceptedTurnEnded(api, runs);
      log.info("every accepted turn ended after {} ms", millisSince(start));

      HistoryChecker checker = HistoryChecker.forAgent(EchoAgent::answerTo);
      Map<String, List<EventSummary>> apiEvents = new ConcurrentHashMap<>();
      forEachConcurrently(
          runs,
          run -> {
            requests.acquireUninterruptibly();
            try {
              List<EventSummary> events = api.events(run.sessionId);
              apiEvents.put(run.sessionId, events);
              List<HistoryChecker.Turn> turns =
                  checker.check(run.sessionId, api.history(run.sessionId), events);
              assertTurnsAreTheAcceptedOnes(run, turns, events);
            } finally {
              requests.release();
            }
          });
      log.info("API histories and events checked after {} ms", millisSince(start));

      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> {
                topics.catchUp();
                for (SessionRun run : runs) {
                  assertThat(topics.events(run.sessionId))
                      .as("session-events topic of %s", run.sessionId)
                      .isEqualTo(apiEvents.get(run.sessionId));
                }
              });
      for (SessionRun run : runs) {
        assertOneActiveTurnAtATime(run.sessionId, topics.events(run.sessionId));
        checker.checkEvents(run.sessionId, topics.events(run.sessionId));
      }
      long rejected = runs.stream().mapToLong(SessionRun::rejections).sum();
      long accepted = runs.stream().mapToLong(run -> run.accepted().size()).sum();
      long retried =
          runs.stream()
              .flatMap(run -> run.replies.values().stream().flatMap(List::stream))
              .filter(BatonApi.Reply::retryable)
              .count();
      log.info(
          "done in {} ms: {} turns accepted, {} submits rejected, {} answered 503/504 and retried",
          millisSince(start),
          accepted,
          rejected,
          retried);
      assertThat(rejected).as("some submits were refused as busy").isPositive();
    }
  }

  // Driving the sessions.

  private void drive(BatonApi api, List<SessionRun> runs) throws Exception {
    forEachConcurrently(
        runs,
        run -> {
          switch (run.style) {
            case WAITING -> waiting(api, run);
            case ENQUEUE -> oneByOne(api, run, "enqueue");
            case REJECT -> oneByOne(api, run, "reject");
            case BURST -> burst(api, run);
          }
        });
  }

  private void waiting(BatonApi api, SessionRun run) {
    for (int t = 1; t <= TURNS; t++) {
      String turnId = "t-" + t;
      BatonApi.Reply reply =
          submit(api, run, turnId, input(run, t, t % 4 == 0), t % 2 == 0 ? "enqueue" : "reject");
      assertThat(reply.status()).as("%s %s: %s", run.sessionId, turnId, reply).isEqualTo(200);
      assertThat(reply.text("answer")).isEqualTo(EchoAgent.answerTo(run.inputs.get(turnId)));
    }
    // A retry of an ended turn is answered as the first submit was and starts nothing.
    BatonApi.Reply again = submit(api, run, "t-3", run.inputs.get("t-3"), "reject");
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.text("answer")).isEqualTo(EchoAgent.answerTo(run.inputs.get("t-3")));
  }

  private void oneByOne(BatonApi api, SessionRun run, String onBusy) {
    for (int t = 1; t <= TURNS; t++) {
      boolean sleep = onBusy.equals("reject") ? t % 3 == 1 : t % 3 == 0;
      submit(api, run, "t-" + t, input(run, t, sleep), onBusy);
      if (t == 2) {
        // A retry of a running or queued turn: no second turn.
        submit(api, run, "t-2", run.inputs.get("t-2"), onBusy);
      }
    }
  }

  private void burst(BatonApi api, SessionRun run) throws Exception {
    try (ExecutorService burst = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> submits = new ArrayList<>();
      for (int t = 1; t <= TURNS; t++) {
        String turnId = "t-" + t;
        String input = input(run, t, t % 3 == 1);
        String onBusy = t % 2 == 0 ? "enqueue" : "reject";
        submits.add(burst.submit(() -> submit(api, run, turnId, input, onBusy)));
        if (t == 4) {
          submits.add(burst.submit(() -> submit(api, run, turnId, input, onBusy)));
        }
      }
      for (Future<?> submit : submits) {
        submit.get();
      }
    }
  }

  private String input(SessionRun run, int turn, boolean sleep) {
    String text = "turn " + turn + " of " + run.sessionId;
    String input = sleep ? "sleep 50 " + text : text;
    run.inputs.put("t-" + turn, input);
    return input;
  }

  private BatonApi.Reply submit(
      BatonApi api, SessionRun run, String turnId, String input, String onBusy) {
    if (!run.submitOrder.contains(turnId)) {
      run.submitOrder.add(turnId);
    }
    int wait = run.style == Style.WAITING ? WAIT_SECONDS : 0;
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      BatonApi.Reply reply;
      requests.acquireUninterruptibly();
      try {
        reply = api.submit(run.sessionId, turnId, input, onBusy, wait);
      } finally {
        requests.release();
      }
      run.record(turnId, reply);
      // 503 and 504 say "no decision yet": the same turn id is safe to submit again. So is a
      // ?wait that ran out before the turn ended.
      boolean again = reply.retryable() || (wait > 0 && reply.status() == 202);
      if (!again || System.nanoTime() > deadline) {
        return reply;
      }
    }
  }

  // Checks.

  /** Every answer is an acceptance (200, 202) or a busy session (409); a repeat agrees. */
  private static void assertRepliesAreConsistent(List<SessionRun> runs) {
    for (SessionRun run : runs) {
      run.replies.forEach(
          (turnId, replies) -> {
            for (BatonApi.Reply reply : replies) {
              String what = run.sessionId + " " + turnId + ": " + reply;
              assertThat(reply.status()).as(what).isIn(200, 202, 409, 503, 504);
              if (reply.status() == 409) {
                assertThat(reply.problemCode()).as(what).isEqualTo("SESSION_BUSY");
                assertThat(run.style).as(what).isIn(Style.REJECT, Style.BURST);
              } else if (!reply.retryable()) {
                // A 503 or 504 is a problem without a turn id: "no decision yet, submit again".
                assertThat(reply.text("turnId")).as(what).isEqualTo(turnId);
              }
            }
          });
      if (run.style != Style.REJECT && run.style != Style.BURST) {
        assertThat(run.acceptedInSubmitOrder()).as(run.sessionId).hasSize(TURNS);
      }
      // The first turn of a session always finds it idle.
      assertThat(run.accepted("t-1") || run.style == Style.BURST).as(run.sessionId).isTrue();
    }
  }

  private static void awaitEveryAcceptedTurnEnded(BatonApi api, List<SessionRun> runs) {
    Set<String> pending = ConcurrentHashMap.newKeySet();
    runs.forEach(run -> pending.add(run.sessionId));
    Map<String, SessionRun> byId = new ConcurrentHashMap<>();
    runs.forEach(run -> byId.put(run.sessionId, run));
    await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (String sessionId : List.copyOf(pending)) {
                if (ended(api.session(sessionId), byId.get(sessionId))) {
                  pending.remove(sessionId);
                }
              }
              return pending.isEmpty();
            });
  }

  /** Whether the session is idle with nothing queued and every accepted turn completed. */
  private static boolean ended(BatonApi.Reply session, SessionRun run) {
    if (session.status() != 200 || !"IDLE".equals(session.text("status"))) {
      return false;
    }
    assertThat(session.json().get("queuedTurns")).as(session.toString()).isEmpty();
    Map<String, String> finished = new ConcurrentHashMap<>();
    for (JsonNode turn : session.json().get("recentTurns")) {
      finished.put(turn.get("turnId").asText(), turn.get("status").asText());
    }
    for (String turnId : run.accepted()) {
      assertThat(finished.get(turnId)).as("%s %s", run.sessionId, turnId).isEqualTo("COMPLETED");
    }
    return true;
  }

  /**
   * The history holds exactly the accepted turns with the inputs submitted, in submit order for
   * sessions that submit one at a time; every turn was accepted once and every refusal is logged.
   */
  private static void assertTurnsAreTheAcceptedOnes(
      SessionRun run, List<HistoryChecker.Turn> turns, List<EventSummary> events) {
    List<String> turnIds = turns.stream().map(HistoryChecker.Turn::turnId).toList();
    if (run.style == Style.BURST) {
      assertThat(turnIds).as(run.sessionId).containsExactlyInAnyOrderElementsOf(run.accepted());
    } else {
      assertThat(turnIds).as(run.sessionId).isEqualTo(run.acceptedInSubmitOrder());
    }
    for (HistoryChecker.Turn turn : turns) {
      assertThat(turn.input()).as(run.sessionId).isEqualTo(run.inputs.get(turn.turnId()));
      assertThat(turn.answer()).isEqualTo(EchoAgent.answerTo(turn.input()));
    }
    assertThat(events.stream().filter(e -> e.is("TurnAccepted")).count())
        .as("%s: one TurnAccepted per accepted turn", run.sessionId)
        .isEqualTo(run.accepted().size());
    long rejectedEvents = events.stream().filter(e -> e.is("TurnRejected")).count();
    if (run.anyUndecided()) {
      // A submit answered 504 may have been rejected without the client hearing of it.
      assertThat(rejectedEvents).as(run.sessionId).isGreaterThanOrEqualTo(run.rejections());
    } else {
      assertThat(rejectedEvents)
          .as("%s: one TurnRejected per 409", run.sessionId)
          .isEqualTo(run.rejections());
    }
  }

  /**
   * The single-active-turn invariant on its own, for events read from the topic: between a turn's
   * {@code TurnStarted} and its end event there is no other {@code TurnStarted}.
   */
  private static void assertOneActiveTurnAtATime(String sessionId, List<EventSummary> events) {
    String active = null;
    for (EventSummary event : events) {
      if (event.is("TurnStarted")) {
        assertThat(active)
            .as("%s: TurnStarted of %s at %d", sessionId, event.turnId(), event.eventSeq())
            .isNull();
        active = event.turnId();
      } else if (event.endsTurn()) {
        assertThat(event.turnId())
            .as("%s: end at %d", sessionId, event.eventSeq())
            .isEqualTo(active);
        active = null;
      }
    }
    assertThat(active).as("%s: a turn is still active", sessionId).isNull();
  }

  // Running things at once.

  @FunctionalInterface
  interface SessionTask {
    void run(SessionRun run) throws Exception;
  }

  private static void forEachConcurrently(List<SessionRun> runs, SessionTask task)
      throws Exception {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (SessionRun run : runs) {
        futures.add(
            executor.submit(
                () -> {
                  task.run(run);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
