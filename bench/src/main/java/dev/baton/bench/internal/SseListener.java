package dev.baton.bench.internal;

/**
 * What one stream's client hears, on the client's threads, one call at a time: {@link #onOpen} then
 * events and comments then {@link #onClosed}; or {@link #onRefused}; or {@link #onClosed} alone if
 * the request failed before an answer.
 */
interface SseListener {

  /** The answer was 200: the stream is open. */
  void onOpen(long nanos);

  /** The answer was another status, with its body. */
  void onRefused(int status, String body);

  /** An event was read at {@code readNanos} ({@link System#nanoTime()}). */
  void onEvent(SseEvent event, long readNanos);

  /** A comment line, such as the server's {@code heartbeat}, was read. */
  void onComment(String comment, long readNanos);

  /** The stream ended: closed by the server ({@code error} null) or failed. */
  void onClosed(Throwable error);
}
