package dev.baton.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.client.ClientOptions;
import dev.baton.client.ForkedSession;
import dev.baton.client.SessionFeed;
import dev.baton.client.SubmitOptions;
import dev.baton.client.TurnAnswer;
import dev.baton.client.TurnStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The API calls behind {@code BatonClient}, and the streams it has open. */
public final class Calls implements AutoCloseable {

  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";
  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final Transport transport;
  private final Set<TurnStream> open = ConcurrentHashMap.newKeySet();

  /** The calls of a client with {@code options}. */
  public Calls(ClientOptions options) {
    this.transport = new Transport(options);
  }

  /** See {@code BatonClient.submit}. */
  public TurnAnswer submit(
      String sessionId, String turnId, String input, SubmitOptions submitOptions) {
    String id = turnId == null ? UUID.randomUUID().toString() : turnId;
    long waitSeconds = seconds(submitOptions.waitFor());
    String path = Paths.turns(sessionId) + (waitSeconds > 0 ? "?wait=" + waitSeconds : "");
    String body = submitBody(id, input, submitOptions);
    Duration timeout = transport.options().requestTimeout().plusSeconds(waitSeconds);
    return transport.call(
        "submit of turn " + id + " to session " + sessionId,
        attempt ->
            request(Paths.resolve(transport.baseUri(attempt), path))
                .timeout(timeout)
                .header("Accept", JSON)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
        (url, status, answer) -> Answers.turn(url, answer));
  }

  /** See {@code BatonClient.status}. */
  public TurnAnswer status(String sessionId, String turnId) {
    String path = Paths.turn(sessionId, turnId);
    return transport.call(
        "status of turn " + turnId + " of session " + sessionId,
        attempt ->
            request(Paths.resolve(transport.baseUri(attempt), path))
                .timeout(transport.options().requestTimeout())
                .header("Accept", JSON)
                .GET()
                .build(),
        (url, status, answer) -> Answers.turn(url, answer));
  }

  /** See {@code BatonClient.fork}. */
  public ForkedSession fork(String sourceSessionId, long atSeq, String newSessionId) {
    String path = Paths.fork(sourceSessionId);
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("sessionId", newSessionId);
    json.put("atSeq", atSeq);
    String body = json.toString();
    return transport.call(
        "fork of session " + sourceSessionId + " at seq " + atSeq + " into " + newSessionId,
        attempt ->
            request(Paths.resolve(transport.baseUri(attempt), path))
                .timeout(transport.options().requestTimeout())
                .header("Accept", JSON)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
        (url, status, answer) -> Answers.forked(url, answer));
  }

  /** See {@code BatonClient.stream}. */
  public TurnStream stream(String sessionId, String turnId, String afterEventId) {
    ResumingStream.Request get = streamRequest(sessionId, turnId);
    return track(
        new ResumingStream(
                transport, what(sessionId, turnId), get, get, afterEventId, true, open::remove)
            .start());
  }

  /** See {@code BatonClient.follow}. */
  public SessionFeed follow(String sessionId, String afterEventId) {
    ResumingStream.Request get = getStream(Paths.feed(sessionId));
    return track(
        new ResumingStream(
                transport,
                "the feed of session " + sessionId,
                get,
                get,
                afterEventId,
                false,
                open::remove)
            .start());
  }

  /** See {@code BatonClient.submitAndStream}. */
  public TurnStream submitAndStream(
      String sessionId, String turnId, String input, SubmitOptions submitOptions) {
    String id = turnId == null ? UUID.randomUUID().toString() : turnId;
    String body = submitBody(id, input, submitOptions);
    ResumingStream.Request post =
        (base, lastEventId) ->
            request(Paths.resolve(base, Paths.turns(sessionId)))
                .timeout(transport.options().requestTimeout())
                .header("Accept", EVENT_STREAM)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    return track(
        new ResumingStream(
                transport,
                what(sessionId, id),
                post,
                streamRequest(sessionId, id),
                null,
                true,
                open::remove)
            .start());
  }

  /** Closes every open stream, then the HTTP client. */
  @Override
  public void close() {
    for (TurnStream stream : Set.copyOf(open)) {
      stream.close();
    }
    transport.close();
  }

  private ResumingStream.Request streamRequest(String sessionId, String turnId) {
    return getStream(Paths.stream(sessionId, turnId));
  }

  /** A {@code GET} of the stream at {@code path}, from after the last event id if there is one. */
  private ResumingStream.Request getStream(String path) {
    return (base, lastEventId) -> {
      HttpRequest.Builder request =
          request(Paths.resolve(base, path))
              .timeout(transport.options().requestTimeout())
              .header("Accept", EVENT_STREAM)
              .GET();
      if (lastEventId != null) {
        request.header(LAST_EVENT_ID, lastEventId);
      }
      return request.build();
    };
  }

  /** A request to {@code uri} with the client's token, if it has one. */
  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    transport
        .options()
        .token()
        .ifPresent(token -> request.header("Authorization", "Bearer " + token));
    return request;
  }

  private ResumingStream track(ResumingStream stream) {
    open.add(stream);
    if (stream.isClosed()) {
      open.remove(stream); // it ended at once (204), before it was added
    }
    return stream;
  }

  private static String submitBody(String turnId, String input, SubmitOptions options) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("turnId", turnId);
    json.put("input", input);
    json.put("onBusy", options.onBusy().wireName());
    if (options.debounce().isPositive()) {
      json.put("debounceMs", options.debounce().toMillis());
    }
    return json.toString();
  }

  private static String what(String sessionId, String turnId) {
    return "stream of turn " + turnId + " of session " + sessionId;
  }

  /** Whole seconds, rounded up. */
  private static long seconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }
}
