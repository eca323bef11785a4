package dev.baton.bench.internal;

import dev.baton.schemas.avro.OnBusy;
import java.util.function.Consumer;

/**
 * A way of submitting turns and learning how each ended: straight through Kafka ({@link
 * TurnDriver}) or through the coordinator's HTTP API ({@link HttpTurnDriver}).
 */
public interface TurnSubmitter {

  /** How a turn ended, with its start (given by the caller) and the time its end was seen. */
  record Outcome(String sessionId, String turnId, long startNanos, long endNanos, String end) {
    /** Whether the turn completed. */
    public boolean ok() {
      return end.equals("completed");
    }
  }

  /**
   * Submits a turn; {@code then} runs when it ends, or at once (with an end that names the failure)
   * if it cannot be submitted.
   *
   * @param startNanos the turn's start for its latency: now, or the intended send time
   */
  void submit(
      String sessionId,
      String turnId,
      String input,
      OnBusy onBusy,
      long startNanos,
      Consumer<Outcome> then);
}
