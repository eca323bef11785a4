package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The failover case's load: each session a closed loop of turns ({@code POST
 * /v1/sessions/{id}/turns?wait=30}) on a virtual thread, sent round-robin to the coordinators that
 * are up, as a load balancer with a readiness probe would. A request that fails, or is answered
 * otherwise than with an ended turn, is sent again with the same turn id after {@link
 * #RETRY_PAUSE}, so that a turn is submitted once however often it is sent. Each answer is recorded
 * with the time and the instance that owned the session ({@code X-Baton-Forwarded-To}, or the
 * instance asked).
 */
final class FailoverLoad {

  /** The pause before a request is sent again. */
  static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private static final Duration WAIT = HttpTurnDriver.WAIT;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A turn answered.
   *
   * @param nanos when the answer came ({@link System#nanoTime()})
   * @param owner the port of the instance that owned the session
   * @param status the turn's status, lower case ({@code completed} normally)
   */
  record Answer(long nanos, int owner, String status) {}

  private final String runId;
  private final int sessions;
  private final HttpClient http = HttpClient.newBuilder().build();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicLong nextTarget = new AtomicLong();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final List<List<Answer>> answers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final LongAdder submitted = new LongAdder();
  private final Map<Integer, Long> firstAnswerBy = new ConcurrentHashMap<>();
  private volatile List<URI> targets;

  /** A load of {@code sessions} sessions of run {@code runId}, sent to {@code targets}. */
  FailoverLoad(String runId, int sessions, List<URI> targets) {
    this.runId = runId;
    this.sessions = sessions;
    this.targets = List.copyOf(targets);
    for (int i = 0; i < sessions; i++) {
      answers.add(Collections.synchronizedList(new ArrayList<>()));
    }
  }

  /** Sends every session's first turn. */
  void start() {
    for (int i = 0; i < sessions; i++) {
      int session = i;
      threads.add(Thread.ofVirtual().name("failover-" + i).start(() -> runSession(session)));
    }
  }

  /** From now on, requests go to {@code up}. */
  void sendTo(List<URI> up) {
    targets = List.copyOf(up);
  }

  /**
   * Lets every session end its turn in flight, then stops it; waits at most {@code drain}. Only the
   * first call does anything.
   */
  void stop(Duration drain) throws InterruptedException {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + drain.toNanos();
    for (Thread thread : threads) {
      thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    threads.forEach(Thread::interrupt);
    http.close();
  }

  /** The session id of session {@code index}. */
  String sessionId(int index) {
    return "failover-" + runId + "-" + index;
  }

  /** The id of a session's turn {@code turn} (1, 2, ...): its answer's index + 1. */
  static String turnId(int turn) {
    return "t" + turn;
  }

  /** The answers of session {@code index}, in order; read after {@link #stop}. */
  List<Answer> answers(int index) {
    return answers.get(index);
  }

  /** Whether the instance at {@code port} has served an answer since {@code nanos}. */
  boolean servedSince(int port, long nanos) {
    Long first = firstAnswerBy.get(port);
    return first != null && first >= nanos;
  }

  /** Turns sent at least once. */
  long submitted() {
    return submitted.sum();
  }

  /** Failed requests and answers that were not an ended turn, by kind; each was sent again. */
  Map<String, Long> errors() {
    Map<String, Long> counts = new TreeMap<>();
    errors.forEach((kind, count) -> counts.put(kind, count.sum()));
    return counts;
  }

  private void runSession(int session) {
    try {
      for (int turn = 1; !stopping.get(); turn++) {
        submitted.increment();
        answers.get(session).add(untilAnswered(sessionId(session), turnId(turn)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Answer untilAnswered(String sessionId, String turnId) throws InterruptedException {
    while (true) {
      URI target = nextTarget();
      try {
        HttpResponse<String> response = http.send(request(target, sessionId, turnId), ofString());
        String status = JSON.readTree(response.body()).path("status").asText("").toLowerCase();
        if (response.statusCode() == 200 && !status.isEmpty()) {
          Answer answer = new Answer(System.nanoTime(), owner(response, target), status);
          firstAnswerBy.putIfAbsent(answer.owner(), answer.nanos());
          return answer;
        }
        count(HttpTurnDriver.endOf(response.statusCode(), response.body()));
      } catch (IOException e) {
        count("request-failed-" + e.getClass().getSimpleName());
      }
      Thread.sleep(RETRY_PAUSE);
    }
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private URI nextTarget() {
    List<URI> up = targets;
    return up.get((int) (nextTarget.getAndIncrement() % up.size()));
  }

  private static HttpRequest request(URI target, String sessionId, String turnId) {
    String body =
        JSON.createObjectNode().put("turnId", turnId).put("input", "hello " + turnId).toString();
    return HttpRequest.newBuilder(
            target.resolve("/v1/sessions/" + sessionId + "/turns?wait=" + WAIT.toSeconds()))
        .timeout(WAIT.plusSeconds(15))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The port of the instance that served the answer. */
  private static int owner(HttpResponse<String> response, URI asked) {
    return response
        .headers()
        .firstValue("X-Baton-Forwarded-To")
        .map(owner -> Integer.parseInt(owner.replaceAll(".*:(\\d+).*", "$1")))
        .orElse(asked.getPort());
  }

  private void count(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }
}
