package dev.baton.client;

/**
 * Every turn of a session as it happens ({@code GET /v1/sessions/{id}/stream}), as a blocking
 * iterator that goes on until it is closed: each {@link TurnEvent} names its turn ({@link
 * TurnEvent#turnId()}), and a turn's {@link TurnEvent#TURN_ENDED} is followed by the next turn's
 * events. A dropped connection resumes, on the next of the client's base URIs, after the last event
 * returned, with no gap and no repeat, as a {@link TurnStream} does.
 *
 * <pre>{@code
 * try (SessionFeed feed = client.follow("chat-42")) {
 *   while (feed.hasNext()) {
 *     TurnEvent event = feed.next();
 *     ui.show(event.turnId(), event);
 *   }
 * }
 * }</pre>
 */
public interface SessionFeed extends EventStream {

  /**
   * Whether another event follows; blocks until it has arrived, and is false only once the feed is
   * closed.
   *
   * @throws ProblemException if a coordinator refused the feed (such as {@code 404
   *     SESSION_NOT_FOUND})
   * @throws BatonClientException if no coordinator could be reached in {@link
   *     ClientOptions#maxRetries()} attempts in a row, or the thread was interrupted
   */
  @Override
  boolean hasNext();
}
