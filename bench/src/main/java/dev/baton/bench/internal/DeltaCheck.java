package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Checks what one client read of one turn of the {@link StreamingAgent}: each of the {@code
 * expected} deltas it emits once and in order, then {@code turn.ended} with status {@code
 * COMPLETED}; and records each one's latency, from the stamp in its text to when it was read. One
 * delta event can hold several of them (the worker sends what a step emits within its {@code
 * deltaLinger} as one delta): the events' {@code index} must count up from 0, and the numbers in
 * their texts too. The first thing that breaks this is the stream's failure, {@code <kind>:
 * <detail>}; later events are not checked. Thread-safe.
 */
final class DeltaCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int expected;
  private final Latencies latencies;
  private int received;
  private int deltaEvents;
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
    List<StampedDelta> emits;
    try {
      emits = StampedDelta.parseAll(data.path("text").asText(""));
    } catch (IllegalArgumentException e) {
      fail("bad-delta", e.getMessage());
      return;
    }
    if (index != deltaEvents) {
      fail("out-of-order", "expected delta " + deltaEvents + ", got index " + index);
      return;
    }
    deltaEvents++;
    for (StampedDelta emit : emits) {
      if (emit.index() != received) {
        fail("out-of-order", "expected text " + received + ", got text " + emit.index());
        return;
      }
      received++;
      latencies.record(emit.emittedNanos(), readNanos);
    }
    lastReadNanos = readNanos;
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

  /** The agent's deltas received in order, over every delta event. */
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
