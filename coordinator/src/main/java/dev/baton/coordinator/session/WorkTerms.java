package dev.baton.coordinator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a worker is told with a piece of work besides the work itself.
 *
 * @param lease how long the work is presumed alive without a result or a renewal
 * @param turnDeadline when the turn fails with {@code LIMIT_TURN_DEADLINE}; empty for none
 */
public record WorkTerms(Duration lease, Optional<Instant> turnDeadline) {

  /** Null checks. */
  public WorkTerms {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(turnDeadline, "turnDeadline");
  }
}
