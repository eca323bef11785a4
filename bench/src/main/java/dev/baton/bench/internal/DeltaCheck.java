package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Checks what one client read of one turn of the {@link StreamingAgent}: each of its {@code
 * expected} deltas once and in order (by the event's {@code index} and by the number in the text),
 * then {@code turn.ended} with status {@code COMPLETED}; and records each delta's latency, from the
 * stamp in its text to when it was read. The first thing that breaks this is the stream's failure,
 * {@code <kind>: <detail>}; later events are not checked. Thread-safe.
 */
final class DeltaCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int expected;
  private final Latencies latencies;
  private int received;
  private boolean ended;
  private String failure;
  private long lastReadNanos;

  /** A check of a turn of {@code expected} deltas, recording into {@code latencies}. */
  DeltaCheck(int expected, Latencies latencies) {
    this.expected = expected;
    this.latencies = latencies;
  }

  /** Checks an event of the turn read at {@code readNanos}. */
  synchronized void onEvent(String type, String data, long readNanos) {
    if (failure != null || ended) {
      return;
    }
    switch (type) {
      case "delta" -> delta(json(data), readNanos);
      case "turn.ended" -> end(json(data).path("status").asText("no-status"));
      case "step.attempt_failed" -> fail("attempt-failed", data);
      case "cut" -> fail("cut", "after " + received + " deltas");
      default -> {
        // progress events are not checked
      }
    }
  }

  private void delta(JsonNode data, long readNanos) {
    int index = data.path("index").asInt(-1);
    StampedDelta delta;
    try {
      delta = StampedDelta.parse(data.path("text").asText(""));
    } catch (IllegalArgumentException e) {
      fail("bad-delta", e.getMessage());
      return;
    }
    if (index != received || delta.index() != received) {
      fail(
          "out-of-order",
          "expected delta " + received + ", got index " + index + " text " + delta.index());
      return;
    }
    received++;
    lastReadNanos = readNanos;
    latencies.record(delta.emittedNanos(), readNanos);
  }

  private void end(String status) {
    if (!status.equals("COMPLETED")) {
      fail("ended-" + status, "after " + received + " deltas");
    } else if (received != expected) {
      fail("missing-deltas", "turn.ended after " + received + " of " + expected + " deltas");
    } else {
      ended = true;
    }
  }

  /** The stream closed or failed; {@code error} is null if the server closed it. */
  synchronized void onClosed(Throwable error) {
    if (!ended) {
      fail(
          error == null ? "closed-before-end" : "failed-" + error.getClass().getSimpleName(),
          "after " + received + " deltas" + (error == null ? "" : ": " + error.getMessage()));
    }
  }

  /** Fails the stream with {@code kind}, unless it failed or ended before. */
  synchronized void fail(String kind, String detail) {
    if (failure == null && !ended) {
      failure = kind + ": " + detail;
    }
  }

  /** Whether the turn ended with every delta once and in order. */
  synchronized boolean complete() {
    return ended && failure == null;
  }

  /** Whether the check is over: the turn ended or the stream failed. */
  synchronized boolean over() {
    return ended || failure != null;
  }

  /** What went wrong first, {@code <kind>: <detail>}. */
  synchronized Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Deltas received in order. */
  synchronized int received() {
    return received;
  }

  /** When the last of them was read, or 0. */
  synchronized long lastReadNanos() {
    return lastReadNanos;
  }

  private static JsonNode json(String data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
