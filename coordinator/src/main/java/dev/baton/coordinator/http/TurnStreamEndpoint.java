package dev.baton.coordinator.http;

import dev.baton.coordinator.stream.StreamStart;
import dev.baton.coordinator.stream.TurnCursor;
import dev.baton.coordinator.stream.TurnStreamEvent;
import dev.baton.coordinator.stream.TurnStreamException;
import dev.baton.coordinator.stream.TurnStreams;
import dev.baton.coordinator.stream.TurnSubscription;
import dev.baton.schemas.avro.SessionEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /v1/sessions/{id}/turns/{turnId}/stream}: the turn's events as server-sent events,
 * from its start or after the id in {@code Last-Event-ID} (or {@code ?after=}), ending with its
 * terminal event; served by the session's owner from this instance's {@link TurnStreams}. See
 * {@code docs/http-api.md} for the cursor.
 */
final class TurnStreamEndpoint {

  /** The header a reconnecting {@code EventSource} sends. */
  static final String LAST_EVENT_ID = "Last-Event-ID";

  /** How many of the session's kept events are searched for the turn's first one. */
  private static final int EVENTS_SEARCHED = 1000;

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
    Optional<TurnCursor> after = after(ctx, sessionId, turnId);
    if (after.isPresent() && after.get().ended()) {
      ctx.status(204); // the client has the terminal event: an EventSource stops reconnecting
      return;
    }
    StreamStart start =
        after.isPresent()
            ? StreamStart.after(after.get())
            : StreamStart.at(firstEventAt(sessionId, turnId));
    try (TurnSubscription subscription = open(sessionId, turnId, start)) {
      relay(ctx, subscription, after.map(TurnCursor::format).orElse(null));
    } catch (IOException e) {
      // the client is gone; closing the subscription is all there is to do
    }
  }

  private void relay(Context ctx, TurnSubscription subscription, String lastId)
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

  private TurnSubscription open(String sessionId, String turnId, StreamStart start)
      throws InterruptedException {
    try {
      return streams.open(sessionId, turnId, start, options.streamBuffer());
    } catch (TurnStreamException e) {
      if (e.isExpired()) {
        throw ProblemException.of(ProblemCode.STREAM_EXPIRED, e.getMessage());
      }
      throw ProblemException.notReady(e.getMessage());
    }
  }

  /** {@code Last-Event-ID}, else {@code ?after=}, as a cursor of this turn. */
  private static Optional<TurnCursor> after(Context ctx, String sessionId, String turnId) {
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
      return Optional.of(TurnCursor.parse(text.strip(), sessionId, turnId));
    } catch (IllegalArgumentException e) {
      throw ProblemException.field(ProblemCode.INVALID_LAST_EVENT_ID, field, e.getMessage());
    }
  }

  /** When the turn's first event was decided, from the session's kept events. */
  private Instant firstEventAt(String sessionId, String turnId) {
    for (SessionEvent event : sessions.events(sessionId, 0, EVENTS_SEARCHED)) {
      if (turnId.equals(event.getTurnId())) {
        return event.getOccurredAt();
      }
    }
    throw ProblemException.of(
        ProblemCode.STREAM_EXPIRED,
        "turn "
            + turnId
            + " of session "
            + sessionId
            + " started before the session's kept events; its stream is no longer served from"
            + " the start (resume with an event id)");
  }
}
