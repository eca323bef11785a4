package dev.baton.bench.internal;

/**
 * Reads the lines of a {@code text/event-stream} body into events and comments for an {@link
 * SseListener}: {@code id}, {@code event} and {@code data} fields (several {@code data} lines
 * joined by newlines) until a blank line ends the event; a line that starts with {@code :} is a
 * comment. Other fields are ignored. One stream's lines, from one thread at a time.
 */
final class SseParser {

  private final SseListener listener;
  private String id;
  private String type;
  private StringBuilder data;

  /** A parser that hands what it reads to {@code listener}. */
  SseParser(SseListener listener) {
    this.listener = listener;
  }

  /** Reads one line (without its line break) read at {@code nanos}. */
  void line(String line, long nanos) {
    if (line.isEmpty()) {
      dispatch(nanos);
      return;
    }
    if (line.startsWith(":")) {
      listener.onComment(value(line, 1), nanos);
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : value(line, colon + 1);
    switch (field) {
      case "id" -> id = value;
      case "event" -> type = value;
      case "data" ->
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      default -> {
        // not a field this client uses
      }
    }
  }

  private void dispatch(long nanos) {
    if (id != null || type != null || data != null) {
      listener.onEvent(
          new SseEvent(id, type == null ? "message" : type, data == null ? "" : data.toString()),
          nanos);
    }
    id = null;
    type = null;
    data = null;
  }

  /** The text after {@code from}, without the one space that may follow the colon. */
  private static String value(String line, int from) {
    return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
  }
}
