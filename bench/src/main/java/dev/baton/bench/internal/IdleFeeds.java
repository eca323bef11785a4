package dev.baton.bench.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle feeds: {@code GET /v1/sessions/{id}/stream} of many sessions that run no turn, held open at
 * once, as pages of a chat UI left open. They are opened a few at a time, each counted open when
 * its 200 arrives; each counts the heartbeats and events it reads, and a feed the server closes
 * counts as closed early. A few of the sessions can then be given a turn of the {@link
 * StreamingAgent}, whose deltas their feeds must get once and in order ({@link DeltaCheck}).
 */
final class IdleFeeds {

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static final String HEARTBEAT = "heartbeat";

  /**
   * What the feeds got.
   *
   * @param feeds feeds requested
   * @param opened those answered 200
   * @param refused the others, by kind
   * @param openSeconds from the first request to the last answer
   * @param withHeartbeat open feeds that read at least one heartbeat
   * @param closedEarly open feeds the server closed or that failed
   * @param active feeds whose session was given a turn
   * @param activeComplete those that got its every delta once and in order, then its end
   * @param activeFailures the first failure of each active feed that did not
   */
  record Result(
      int feeds,
      int opened,
      Map<String, Long> refused,
      double openSeconds,
      int withHeartbeat,
      int closedEarly,
      int active,
      int activeComplete,
      List<String> activeFailures) {}

  private final List<Feed> feeds = new ArrayList<>();
  private final Map<String, Long> refused = new TreeMap<>();
  private final List<Feed> active = new ArrayList<>();
  private final RequestWindow window;

  private IdleFeeds(RequestWindow window) {
    this.window = window;
  }

  /**
   * Opens the feeds of {@code sessionIds} on the coordinator at {@code base}, at most {@code
   * concurrency} requests waiting for their answer at once, and returns when every request has been
   * answered or has failed.
   */
  static IdleFeeds open(SseClient client, URI base, List<String> sessionIds, int concurrency)
      throws InterruptedException {
    IdleFeeds idle = new IdleFeeds(new RequestWindow(concurrency));
    for (String sessionId : sessionIds) {
      Feed feed = idle.new Feed(idle.window.enter());
      idle.feeds.add(feed);
      client.open(feedRequest(base, sessionId), feed);
    }
    idle.window.awaitAll();
    return idle;
  }

  private static HttpRequest feedRequest(URI base, String sessionId) {
    return HttpRequest.newBuilder(
            base.resolve(
                "/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/stream"))
        .timeout(ANSWER_TIMEOUT)
        .header("Accept", "text/event-stream")
        .GET()
        .build();
  }

  /** Checks the feed of session number {@code index} for a turn of {@code deltas} deltas. */
  void expectTurn(int index, int deltas) {
    Feed feed = feeds.get(index);
    feed.check = new DeltaCheck(deltas, new Latencies(deltas));
    active.add(feed);
  }

  /** Whether every open feed read a heartbeat and every active feed's turn is over. */
  boolean settled() {
    for (Feed feed : feeds) {
      if (feed.opened && feed.heartbeats.get() == 0 && !feed.closed) {
        return false;
      }
    }
    return active.stream().allMatch(feed -> feed.check.over());
  }

  /** Open feeds that read no heartbeat yet. */
  long withoutHeartbeat() {
    return feeds.stream().filter(f -> f.opened && f.heartbeats.get() == 0).count();
  }

  /** What the feeds got so far; an active feed whose turn is not over fails with no-end-seen. */
  Result result() {
    int opened = 0;
    int withHeartbeat = 0;
    int closedEarly = 0;
    for (Feed feed : feeds) {
      opened += feed.opened ? 1 : 0;
      withHeartbeat += feed.heartbeats.get() > 0 ? 1 : 0;
      closedEarly += feed.opened && feed.closed ? 1 : 0;
    }
    List<String> activeFailures = new ArrayList<>();
    int activeComplete = 0;
    for (Feed feed : active) {
      feed.check.fail("no-end-seen", "after " + feed.check.received() + " deltas");
      if (feed.check.complete()) {
        activeComplete++;
      }
      feed.check.failure().ifPresent(activeFailures::add);
    }
    Map<String, Long> refusedCopy;
    synchronized (refused) {
      refusedCopy = new TreeMap<>(refused);
    }
    return new Result(
        feeds.size(),
        opened,
        refusedCopy,
        window.seconds(),
        withHeartbeat,
        closedEarly,
        active.size(),
        activeComplete,
        activeFailures);
  }

  /** One feed's listener; it gives its request's slot back at the answer. */
  private final class Feed implements SseListener {
    private final RequestWindow.Slot slot;
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile boolean opened;
    private volatile boolean closed;
    private volatile DeltaCheck check;

    Feed(RequestWindow.Slot slot) {
      this.slot = slot;
    }

    @Override
    public void onOpen(long nanos) {
      opened = true;
      slot.answered(nanos);
    }

    @Override
    public void onRefused(int status, String body) {
      refuse("http-" + status);
    }

    @Override
    public void onEvent(SseEvent event, long readNanos) {
      DeltaCheck turn = check;
      if (turn != null) {
        turn.onEvent(event.type(), event.data(), readNanos);
      }
    }

    @Override
    public void onComment(String comment, long readNanos) {
      if (comment.equals(HEARTBEAT)) {
        heartbeats.incrementAndGet();
      }
    }

    @Override
    public void onClosed(Throwable error) {
      if (!opened) {
        refuse(error == null ? "closed" : "failed-" + error.getClass().getSimpleName());
        return;
      }
      closed = true;
      DeltaCheck turn = check;
      if (turn != null) {
        turn.onClosed(error);
      }
    }

    private void refuse(String kind) {
      synchronized (refused) {
        refused.merge(kind, 1L, Long::sum);
      }
      slot.answered(System.nanoTime());
    }
  }
}
