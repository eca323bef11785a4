package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The session's running turn.
 *
 * @param turnId the turn
 * @param startedAt when it started
 * @param firstSeq the sequence number of its first message (its user message)
 * @param step the latest step assigned, 0 before the first
 * @param assignment the assignment whose result is awaited; empty between steps
 * @param usage the usage of the turn's finished step attempts
 */
public record ActiveTurn(
    String turnId,
    Instant startedAt,
    long firstSeq,
    int step,
    Optional<StepAttempt> assignment,
    Usage usage) {

  /** Null checks. */
  public ActiveTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(usage, "usage");
  }

  static ActiveTurn started(String turnId, Instant startedAt, long firstSeq) {
    return new ActiveTurn(turnId, startedAt, firstSeq, 0, Optional.empty(), Usage.ZERO);
  }

  ActiveTurn withAssignment(StepAttempt next) {
    return new ActiveTurn(turnId, startedAt, firstSeq, next.step(), Optional.of(next), usage);
  }

  ActiveTurn withAttemptFinished(Usage attemptUsage) {
    return new ActiveTurn(
        turnId, startedAt, firstSeq, step, Optional.empty(), usage.plus(attemptUsage));
  }
}
