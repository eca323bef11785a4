package dev.baton.coordinator.http;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.stream.FeedCursor;
import dev.baton.coordinator.stream.StreamStart;
import dev.baton.coordinator.stream.StreamSubscription;
import dev.baton.coordinator.stream.TurnCursor;
import dev.baton.coordinator.stream.TurnStreamEvent;
import dev.baton.coordinator.stream.TurnStreamException;
import dev.baton.coordinator.stream.TurnStreams;
import dev.baton.coordinator.topology.StoredSession;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/sessions/{id}/turns/{turnId}/stream}: the turn's events as server-sent events,
 * from its start or after the id in {@code Last-Event-ID} (or {@code ?after=}), ending with its
 * terminal event; served by the session's owner from this instance's {@link TurnStreams}. See
 * {@code docs/http-api.md} for the cursor.
 */
final class TurnStreamEndpoint {

  /** The header a reconnecting {@code EventSource} sends. */
  static final String LAST_EVENT_ID = "Last-Event-ID";

  private final SessionService sessions;
  private final TurnStreams streams;
  private final HttpOptions options;

  TurnStreamEndpoint(SessionService sessions, TurnStreams streams, HttpOptions options) {
    this.sessions = sessions;
    this.streams = streams;
    this.options = options;
  }

  /**
   * Whether a submit asks to be answered with the turn's stream: {@code Accept: text/event-stream}
   * or {@code ?stream=true}.
   */
  static boolean wanted(Context ctx) {
    String accept = ctx.header("Accept");
    return "true".equals(ctx.queryParam("stream"))
        || (accept != null && accept.contains(SseWriter.CONTENT_TYPE));
  }

  void stream(Context ctx, String sessionId) throws InterruptedException {
    stream(ctx, sessionId, ctx.pathParam("turnId"));
  }

  /** Streams turn {@code turnId} of {@code sessionId} as the response of {@code ctx}. */
  void stream(Context ctx, String sessionId, String turnId) throws InterruptedException {
    TurnsEndpoint.statusOf(sessions, sessionId, turnId);
    Optional<TurnCursor> after = cursor(ctx, text -> TurnCursor.parse(text, sessionId, turnId));
    if (after.isPresent() && after.get().ended()) {
      ctx.status(204); // the client has the terminal event: an EventSource stops reconnecting
      return;
    }
    StreamStart start =
        after.isPresent()
            ? StreamStart.after(after.get())
            : StreamStart.at(firstEventAt(sessionId, turnId));
    try (StreamSubscription subscription =
        open(() -> streams.open(sessionId, turnId, start, options.streamBuffer()))) {
      relay(ctx, subscription, after.map(TurnCursor::format).orElse(null));
    } catch (IOException e) {
      // the client is gone; closing the subscription is all there is to do
    }
  }

  private void relay(Context ctx, StreamSubscription subscription, String lastId)
      throws IOException, InterruptedException {
    SseWriter out = SseWriter.start(ctx);
    while (true) {
      Optional<TurnStreamEvent> next = subscription.next(options.streamHeartbeat());
      if (next.isEmpty()) {
        if (subscription.isCut()) {
          out.cut(lastId);
          return;
        }
        out.heartbeat();
        continue;
      }
      for (TurnStreamEvent event = next.get(); event != null; ) {
        out.event(event);
        lastId = event.cursor().format();
        if (event.terminal()) {
          out.flush();
          return;
        }
        event = subscription.nextBuffered().orElse(null);
      }
      out.flush();
    }
  }

  /** What opens a subscription; {@link TurnStreams}' own failures become problems. */
  private interface Opening {
    StreamSubscription open() throws InterruptedException;
  }

  private static StreamSubscription open(Opening opening) throws InterruptedException {
    try {
      return opening.open();
    } catch (TurnStreamException e) {
      if (e.isExpired()) {
        throw ProblemException.of(ProblemCode.STREAM_EXPIRED, e.getMessage());
      }
      throw ProblemException.notReady(e.getMessage());
    }
  }

  /** {@code Last-Event-ID}, else {@code ?after=}, read by {@code parse}. */
  private static <C> Optional<C> cursor(Context ctx, Function<String, C> parse) {
    String field = LAST_EVENT_ID;
    String text = ctx.header(LAST_EVENT_ID);
    if (text == null || text.isBlank()) {
      field = "after";
      text = ctx.queryParam("after");
    }
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text.strip()));
    } catch (IllegalArgumentException e) {
      throw ProblemException.field(ProblemCode.INVALID_LAST_EVENT_ID, field, e.getMessage());
    }
  }

  /** When the turn's first event was decided, from the session's kept events. */
  private Instant firstEventAt(String sessionId, String turnId) {
    return TurnStarts.firstEventAt(sessions, sessionId, turnId)
        .orElseThrow(
            () ->
                ProblemException.of(
                    ProblemCode.STREAM_EXPIRED,
                    "turn "
                        + turnId
                        + " of session "
                        + sessionId
                        + " started before the session's recent kept events; its stream is no"
                        + " longer served from the start (resume with an event id)"));
  }

  /**
   * {@code GET /v1/sessions/{id}/stream}: every turn of the session as server-sent events, from the
   * start of its oldest active turn (or from now if it is idle), or after the id in {@code
   * Last-Event-ID} (or {@code ?after=}); it does not end by itself.
   */
  void feed(Context ctx, String sessionId) throws InterruptedException {
    SessionEndpoint.require(sessions, sessionId);
    Optional<FeedCursor> after = cursor(ctx, text -> FeedCursor.parse(text, sessionId));
    StreamStart start =
        after.isPresent()
            ? StreamStart.after(after.get())
            : StreamStart.live(() -> sessionNow(sessionId));
    try (StreamSubscription subscription =
        open(() -> streams.openFeed(sessionId, start, options.streamBuffer()))) {
      relay(ctx, subscription, after.map(FeedCursor::format).orElse(null));
    } catch (IOException e) {
      // the client is gone; closing the subscription is all there is to do
    }
  }

  /**
   * The session's oldest active turn and its start, its latest fencing token and the turns it
   * remembers as ended.
   */
  private StreamStart.SessionNow sessionNow(String sessionId) {
    Optional<SessionState> state = sessions.session(sessionId).map(StoredSession::state);
    long token = state.map(SessionState::lastFencingToken).orElse(0L);
    Set<String> ended =
        state.stream()
            .flatMap(s -> s.finishedTurns().stream())
            .map(FinishedTurn::turnId)
            .collect(Collectors.toSet());
    Optional<String> oldestActive =
        state.flatMap(
            s ->
                s.activeTurn()
                    .map(ActiveTurn::turnId)
                    .or(() -> s.queue().stream().findFirst().map(QueuedTurn::turnId)));
    if (oldestActive.isEmpty()) {
      return StreamStart.SessionNow.idle(token, ended);
    }
    return TurnStarts.firstEventAt(sessions, sessionId, oldestActive.get())
        .map(since -> new StreamStart.SessionNow(oldestActive.get(), since, token, ended))
        .orElse(StreamStart.SessionNow.idle(token, ended));
  }
}
