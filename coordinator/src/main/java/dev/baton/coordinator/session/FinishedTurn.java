package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A turn that ended, remembered so that a repeated submit of its id is answered, not re-run, and a
 * submit of its id with another input is refused.
 *
 * @param turnId the turn
 * @param status its terminal status
 * @param inputDigest the digest of its input; empty for a turn stored before digests were kept,
 *     whose id is then taken as a repeat whatever the input
 * @param endedAt when it ended; it is remembered for {@link SessionLimits#turnIdWindow()} from then
 */
public record FinishedTurn(
    String turnId, TurnStatus status, Optional<InputDigest> inputDigest, Instant endedAt) {

  /** Null checks; the status must be terminal. */
  public FinishedTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(inputDigest, "inputDigest");
    Objects.requireNonNull(endedAt, "endedAt");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException(
          "finished turn " + turnId + " must have a terminal status, got " + status);
    }
  }

  /**
   * What remembering this turn counts against {@link SessionLimits#rememberedTurnBytes()}: its id's
   * UTF-8 bytes and {@value #FIXED_BYTES} for the rest (its status, input digest and end), about
   * what the stored state holds for it.
   */
  public long rememberedBytes() {
    return Utf8.length(turnId) + FIXED_BYTES;
  }

  /** The part of {@link #rememberedBytes()} that does not depend on the turn id. */
  static final int FIXED_BYTES = 64;
}
