package dev.baton.client;

/**
 * A turn's events, in order, each once, as a blocking iterator that ends after the terminal {@link
 * TurnEvent#TURN_ENDED}. When the connection drops before that (or the coordinator cuts a client
 * that fell behind, or it goes silent past the idle timeout), the stream reconnects, to the next of
 * the client's base URIs, with {@code Last-Event-ID} set to the id of the last event it returned,
 * so the caller sees neither a gap nor a repeat. It gives up with a retryable {@link
 * BatonClientException} after {@link ClientOptions#maxRetries()} failed reconnections in a row.
 *
 * <p>{@link #hasNext()} blocks until the next event arrives. Not for use by several threads at
 * once, except {@link #close()}, which may be called from any thread to stop reading.
 *
 * <pre>{@code
 * try (TurnStream turn = client.stream("chat-42", "t-1")) {
 *   while (turn.hasNext()) {
 *     TurnEvent event = turn.next();
 *     System.out.print(event.text());
 *   }
 * }
 * }</pre>
 */
public interface TurnStream extends EventStream {

  /**
   * Whether another event follows; blocks until it has arrived or the stream has ended.
   *
   * @throws ProblemException if a coordinator refused the stream (such as {@code 410
   *     STREAM_EXPIRED})
   * @throws BatonClientException if no coordinator could be reached in {@link
   *     ClientOptions#maxRetries()} attempts in a row, or the thread was interrupted
   */
  @Override
  boolean hasNext();
}
