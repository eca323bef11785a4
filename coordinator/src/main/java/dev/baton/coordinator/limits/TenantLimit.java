package dev.baton.coordinator.limits;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One tenant's limits, as {@link TenantLimits#of} resolves them.
 *
 * @param submits the bucket its submits are taken from, shared by every coordinator instance; empty
 *     for no limit
 * @param maxStreams how many turn streams and session feeds it may hold open on one instance; empty
 *     for no limit
 * @param maxActiveTurns how many of its turns may run at once, over every instance; empty for no
 *     limit
 * @param maxQueuedTurns how many of its turns may wait in their sessions' queues at once, over
 *     every instance; empty for no limit
 */
public record TenantLimit(
    Optional<SubmitLimit> submits,
    OptionalInt maxStreams,
    OptionalInt maxActiveTurns,
    OptionalInt maxQueuedTurns) {

  /** No limit at all. */
  public static final TenantLimit UNLIMITED =
      new TenantLimit(
          Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

  /** Checks the values. */
  public TenantLimit {
    Objects.requireNonNull(submits, "submits");
    TenantOverride.atLeastOne("maxStreams", Objects.requireNonNull(maxStreams, "maxStreams"));
    TenantOverride.atLeastOne("maxActiveTurns", Objects.requireNonNull(maxActiveTurns, "active"));
    TenantOverride.atLeastOne("maxQueuedTurns", Objects.requireNonNull(maxQueuedTurns, "queued"));
  }

  /** A tenant's submit and stream limits, without a limit of its turns. */
  public TenantLimit(Optional<SubmitLimit> submits, OptionalInt maxStreams) {
    this(submits, maxStreams, OptionalInt.empty(), OptionalInt.empty());
  }

  /** The most turns of {@code kind}: {@link #maxActiveTurns()} or {@link #maxQueuedTurns()}. */
  public OptionalInt maxTurns(TurnKind kind) {
    return kind == TurnKind.RUNNING ? maxActiveTurns : maxQueuedTurns;
  }

  /** Whether its running or its queued turns are limited, so that they are counted. */
  public boolean limitsTurns() {
    return maxActiveTurns.isPresent() || maxQueuedTurns.isPresent();
  }
}
