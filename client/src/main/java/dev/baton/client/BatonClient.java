package dev.baton.client;

import dev.baton.client.internal.Calls;
import java.net.URI;
import java.util.Objects;

/**
 * A client of a Baton fleet's HTTP API for applications: it submits turns, asks for their status,
 * streams their events, and forks sessions. Streams resume on their own: when a connection drops
 * before the turn's last event, the stream reconnects (to the next coordinator of {@link
 * ClientOptions#baseUris()}) after the last event it delivered, so the caller sees every event once
 * and in order. Submits carry a turn id, so they are tried again safely after a failure.
 *
 * <p>Thread-safe; one client serves any number of requests and streams at once. Close it to end
 * them all.
 *
 * <pre>{@code
 * try (BatonClient client = BatonClient.create(URI.create("http://127.0.0.1:8080"))) {
 *   TurnAnswer answer =
 *       client.submit("chat-42", "t-1", "hello", SubmitOptions.builder().waitFor(Duration.ofSeconds(30)).build());
 *   try (TurnStream turn = client.stream("chat-42", "t-1")) {
 *     turn.forEachRemaining(event -> System.out.print(event.text()));
 *   }
 * }
 * }</pre>
 */
public final class BatonClient implements AutoCloseable {

  private final Calls calls;

  private BatonClient(ClientOptions options) {
    this.calls = new Calls(options);
  }

  /** A client of the coordinator (or the fleet behind the load balancer) at {@code baseUri}. */
  public static BatonClient create(URI baseUri) {
    return create(ClientOptions.builder(baseUri).build());
  }

  /** A client with {@code options}: the fleet's base URIs, time-outs and retries. */
  public static BatonClient create(ClientOptions options) {
    return new BatonClient(Objects.requireNonNull(options, "options"));
  }

  /**
   * Submits a turn ({@code POST /v1/sessions/{id}/turns}) and answers once the coordinator has
   * accepted it ({@code RUNNING} or {@code QUEUED}), or once it has ended if {@link
   * SubmitOptions#waitFor()} is set and it ends in that time. Submitting a known turn id again with
   * the same input starts nothing and answers with that turn, so a failed attempt is tried again.
   *
   * @param turnId the turn's id, the idempotency key; null for a new random one
   * @throws ProblemException if the coordinator refused the turn, such as {@code 409 SESSION_BUSY}
   * @throws BatonClientException if no coordinator answered in {@link ClientOptions#maxRetries()}
   *     retries
   */
  public TurnAnswer submit(String sessionId, String turnId, String input, SubmitOptions options) {
    return calls.submit(
        Objects.requireNonNull(sessionId, "sessionId"),
        turnId,
        Objects.requireNonNull(input, "input"),
        Objects.requireNonNull(options, "options"));
  }

  /**
   * The status of a turn ({@code GET /v1/sessions/{id}/turns/{turnId}}), with its answer or error
   * once it has ended.
   *
   * @throws ProblemException {@code 404 TURN_NOT_FOUND} for a turn the session does not know
   */
  public TurnAnswer status(String sessionId, String turnId) {
    return calls.status(
        Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(turnId, "turnId"));
  }

  /**
   * Streams a turn from its start ({@code GET /v1/sessions/{id}/turns/{turnId}/stream}), a turn
   * that runs or one that has ended: its events up to {@link TurnEvent#TURN_ENDED}. Returns once
   * the first answer has begun.
   *
   * @throws ProblemException if the coordinator refused the stream, such as {@code 404
   *     TURN_NOT_FOUND} or {@code 410 STREAM_EXPIRED}
   */
  public TurnStream stream(String sessionId, String turnId) {
    return stream(sessionId, turnId, null);
  }

  /**
   * Streams a turn's events after the event {@code afterEventId} (an id from an earlier stream of
   * the same turn, from any coordinator), or from its start if it is null. After the terminal
   * event's id the stream is empty.
   *
   * @throws ProblemException as {@link #stream(String, String)}, and {@code 400
   *     INVALID_LAST_EVENT_ID} for an id that is not one of this turn's
   */
  public TurnStream stream(String sessionId, String turnId, String afterEventId) {
    return calls.stream(
        Objects.requireNonNull(sessionId, "sessionId"),
        Objects.requireNonNull(turnId, "turnId"),
        afterEventId);
  }

  /**
   * Follows every turn of the session from now on, until the feed is closed.
   *
   * @throws ProblemException if the coordinator refused the feed, such as {@code 404
   *     SESSION_NOT_FOUND}
   */
  public SessionFeed follow(String sessionId) {
    return follow(sessionId, null);
  }

  /**
   * Follows the session's turns after the event {@code afterEventId} (an id from an earlier feed of
   * the same session, from any coordinator), or from now on if it is null.
   *
   * @throws ProblemException as {@link #follow(String)}, and {@code 400 INVALID_LAST_EVENT_ID} for
   *     an id that is not one of this session's feed
   */
  public SessionFeed follow(String sessionId, String afterEventId) {
    return calls.follow(Objects.requireNonNull(sessionId, "sessionId"), afterEventId);
  }

  /**
   * Submits a turn and streams it in one request ({@code POST /v1/sessions/{id}/turns} with {@code
   * Accept: text/event-stream}): its events from its start once the coordinator has accepted it. A
   * dropped connection resumes with the turn's {@code GET} stream, so the turn id is always set (a
   * new random one if null). {@link SubmitOptions#waitFor()} plays no part.
   *
   * @throws ProblemException if the coordinator refused the turn, such as {@code 409 SESSION_BUSY}
   */
  public TurnStream submitAndStream(
      String sessionId, String turnId, String input, SubmitOptions options) {
    return calls.submitAndStream(
        Objects.requireNonNull(sessionId, "sessionId"),
        turnId,
        Objects.requireNonNull(input, "input"),
        Objects.requireNonNull(options, "options"));
  }

  /**
   * Forks a session ({@code POST /v1/sessions/{id}/fork}): starts session {@code newSessionId} with
   * the history of {@code sourceSessionId} up to and including seq {@code atSeq}, and answers once
   * the new session is seeded. From then on the two are independent; the source is unchanged.
   *
   * <pre>{@code
   * ForkedSession fork = client.fork("chat-42", 4, "chat-42-b");
   * client.submit(fork.sessionId(), null, "try it the other way", SubmitOptions.DEFAULTS);
   * }</pre>
   *
   * <p>A fork is not idempotent: if an attempt was cut after the coordinator received it (no
   * answer, {@code 504 TIMEOUT}), the retry can find the fork already seeded and answer {@code 409
   * SESSION_EXISTS}.
   *
   * @param atSeq the last history seq the fork keeps: one of the source's settled history (from its
   *     oldest retained message to its last one before a running turn's)
   * @throws ProblemException {@code 404 SESSION_NOT_FOUND} for a source with no history, {@code 409
   *     SESSION_EXISTS} if {@code newSessionId} names a session that has begun, {@code 422
   *     SEQ_OUT_OF_RANGE} for an {@code atSeq} outside the source's settled history, {@code 422
   *     HISTORY_TOO_LARGE} if the history up to {@code atSeq} does not fit one record, {@code 400
   *     INVALID_BODY} if the fork is the source itself
   * @throws BatonClientException if no coordinator answered in {@link ClientOptions#maxRetries()}
   *     retries
   */
  public ForkedSession fork(String sourceSessionId, long atSeq, String newSessionId) {
    return calls.fork(
        Objects.requireNonNull(sourceSessionId, "sourceSessionId"),
        atSeq,
        Objects.requireNonNull(newSessionId, "newSessionId"));
  }

  /** Closes the open streams and aborts the requests in flight. */
  @Override
  public void close() {
    calls.close();
  }
}
