package dev.baton.coordinator.http;

import dev.baton.coordinator.stream.TurnStreamEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a {@code text/event-stream} response (server-sent events) straight to the connection: each
 * event as {@code id}, {@code event} and one line of JSON {@code data}, comments as heartbeats.
 * Nothing is sent until {@link #flush()}.
 */
final class SseWriter {

  static final String CONTENT_TYPE = "text/event-stream";

  private final OutputStream out;

  private SseWriter(OutputStream out) {
    this.out = out;
  }

  /** Commits a 200 {@code text/event-stream} response and returns a writer of its body. */
  static SseWriter start(Context ctx) throws IOException {
    ctx.status(200);
    ctx.res().setContentType(CONTENT_TYPE + ";charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    SseWriter writer = new SseWriter(ctx.res().getOutputStream());
    ctx.res().flushBuffer();
    return writer;
  }

  void event(TurnStreamEvent event) throws IOException {
    write(event.cursor().format(), event.type(), event.data());
  }

  /** The event that tells a client it fell behind; {@code lastId} is the id to resume from. */
  void cut(String lastId) throws IOException {
    write(
        lastId,
        "cut",
        Map.of("reason", "the client read slower than the stream's buffer allows; resume"));
    flush();
  }

  void heartbeat() throws IOException {
    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
    flush();
  }

  void flush() throws IOException {
    out.flush();
  }

  private void write(String id, String type, Map<String, Object> data) throws IOException {
    StringBuilder text = new StringBuilder(64);
    if (id != null) {
      text.append("id: ").append(id).append('\n');
    }
    text.append("event: ").append(type).append('\n');
    text.append("data: ").append(Json.write(data)).append("\n\n");
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
