package dev.baton.client.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Reads server-sent events from a {@code text/event-stream} body as the HTML standard's event
 * stream interpretation does: lines end with CRLF, LF or CR; a line that starts with {@code :} is a
 * comment (a heartbeat); {@code field: value} sets a field (one space after the colon is dropped; a
 * line without a colon is a field with an empty value); {@code data} lines are joined with {@code
 * \n}; an empty line dispatches the event if it has data. The last event id persists from event to
 * event until a new {@code id} sets it. An event that the end of the body cuts off (no empty line
 * after it) is dropped, so a dropped connection never yields half an event.
 */
public final class SseReader {

  private static final String DEFAULT_TYPE = "message";
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final BufferedReader lines;
  private boolean started;
  private String lastEventId;

  /** A reader of the events in {@code body}. */
  public SseReader(Reader body) {
    this.lines = body instanceof BufferedReader buffered ? buffered : new BufferedReader(body);
  }

  /** The next complete event, or empty at the end of the body. */
  public Optional<SseEvent> next() throws IOException {
    String type = null;
    StringBuilder data = null;
    for (String line = nextLine(); line != null; line = nextLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          return Optional.of(
              new SseEvent(lastEventId, type == null ? DEFAULT_TYPE : type, data.toString()));
        }
        type = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : valueAfter(line, colon);
      switch (field) {
        case "event" -> type = value;
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "id" -> lastEventId = value.indexOf('\0') < 0 ? value : lastEventId;
        default -> {
          // retry and unknown fields: this client sets its own backoff
        }
      }
    }
    return Optional.empty();
  }

  private String nextLine() throws IOException {
    String line = lines.readLine();
    if (!started && line != null) {
      started = true;
      if (!line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
        return line.substring(1);
      }
    }
    return line;
  }

  private static String valueAfter(String line, int colon) {
    int start = colon + 1;
    if (start < line.length() && line.charAt(start) == ' ') {
      start++;
    }
    return line.substring(start);
  }
}
