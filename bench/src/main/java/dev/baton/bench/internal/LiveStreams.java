package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Live streams: one turn of the {@link StreamingAgent} in each of many sessions, each submitted
 * with {@code POST /v1/sessions/{id}/turns} and {@code Accept: text/event-stream}, so that the
 * answer is the turn's stream (what a chat client does), and each checked by a {@link DeltaCheck}.
 * A client that reads its turn's {@code step.started} tells the {@link StreamGate}, so the agents
 * start emitting once every stream is open.
 */
final class LiveStreams {

  /** How long a stream's submit may wait for its answer to start. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the streams got.
   *
   * @param streams streams opened
   * @param complete those that got every delta once and in order, then {@code turn.ended}
   * @param failures the others, by the kind of their first failure
   * @param examples the first failure of each kind, with its session
   * @param deltas deltas received in order, over every stream
   * @param latencies their latencies, emit to read
   * @param openSeconds from the first submit to the last stream's answer
   */
  record Result(
      int streams,
      int complete,
      Map<String, Long> failures,
      List<String> examples,
      long deltas,
      Latencies latencies,
      double openSeconds) {}

  private final List<ClientStream> streams = new ArrayList<>();
  private final Latencies latencies;
  private final CountDownLatch over;
  private final RequestWindow window;

  private LiveStreams(int count, int deltas, RequestWindow window) {
    this.latencies = new Latencies(count * deltas);
    this.over = new CountDownLatch(count);
    this.window = window;
  }

  /**
   * Submits a turn of {@code plan} to each of {@code sessionIds} through the coordinator at {@code
   * base}, each answered with its stream on {@code client}, at most {@code concurrency} waiting for
   * their answer at once; returns when every submit has been answered. The clients tell {@code
   * gate}.
   */
  static LiveStreams start(
      SseClient client,
      URI base,
      List<String> sessionIds,
      StreamingAgent.Plan plan,
      StreamGate gate,
      int concurrency)
      throws InterruptedException {
    LiveStreams live =
        new LiveStreams(sessionIds.size(), plan.deltas(), new RequestWindow(concurrency));
    for (String sessionId : sessionIds) {
      ClientStream stream =
          live
          .new ClientStream(
              new DeltaCheck(plan.deltas(), live.latencies), gate, live.window.enter());
      live.streams.add(stream);
      client.open(submit(base, sessionId, sessionId + "-live", plan.input()), stream);
    }
    live.window.awaitAll();
    return live;
  }

  private static HttpRequest submit(URI base, String sessionId, String turnId, String input) {
    String body =
        JSON.createObjectNode()
            .put("turnId", turnId)
            .put("input", input)
            .put("onBusy", "reject")
            .toString();
    return HttpRequest.newBuilder(
            base.resolve(
                "/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/turns"))
        .timeout(ANSWER_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Waits up to {@code timeout} for every stream to end or fail; whether they all did. */
  boolean awaitOver(Duration timeout) throws InterruptedException {
    return over.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** When the last delta of any stream was read, or 0. */
  long lastReadNanos() {
    return streams.stream().mapToLong(s -> s.check.lastReadNanos()).max().orElse(0);
  }

  /** What the streams got; a stream still going fails with {@code no-end-seen}. */
  Result result() {
    Map<String, Long> failures = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    int complete = 0;
    long deltas = 0;
    for (ClientStream stream : streams) {
      stream.check.fail("no-end-seen", "after " + stream.check.received() + " deltas");
      deltas += stream.check.received();
      if (stream.check.complete()) {
        complete++;
      }
      Optional<String> failure = stream.check.failure();
      if (failure.isPresent()) {
        String kind = failure.get().substring(0, failure.get().indexOf(':'));
        failures.merge(kind, 1L, Long::sum);
        examples.putIfAbsent(kind, failure.get());
      }
    }
    return new Result(
        streams.size(),
        complete,
        failures,
        List.copyOf(examples.values()),
        deltas,
        latencies,
        window.seconds());
  }

  /** One stream's listener. */
  private final class ClientStream implements SseListener {
    private final DeltaCheck check;
    private final StreamGate gate;
    private final RequestWindow.Slot slot;
    private boolean started;
    private boolean counted;

    ClientStream(DeltaCheck check, StreamGate gate, RequestWindow.Slot slot) {
      this.check = check;
      this.gate = gate;
      this.slot = slot;
    }

    @Override
    public void onOpen(long nanos) {
      slot.answered(nanos);
    }

    @Override
    public void onRefused(int status, String body) {
      slot.answered(System.nanoTime());
      check.fail("http-" + status, body.replace('\n', ' '));
      countIfOver();
    }

    @Override
    public void onEvent(SseEvent event, long readNanos) {
      if (!started && event.type().equals("step.started")) {
        started = true;
        gate.streamStarted();
      }
      check.onEvent(event.type(), event.data(), readNanos);
      countIfOver();
    }

    @Override
    public void onComment(String comment, long readNanos) {
      // heartbeats: the stream is alive
    }

    @Override
    public void onClosed(Throwable error) {
      slot.answered(System.nanoTime());
      check.onClosed(error);
      countIfOver();
    }

    private synchronized void countIfOver() {
      if (!counted && check.over()) {
        counted = true;
        over.countDown();
      }
    }
  }
}
