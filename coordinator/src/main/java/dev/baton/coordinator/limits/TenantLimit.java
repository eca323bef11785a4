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
 */
public record TenantLimit(Optional<SubmitLimit> submits, OptionalInt maxStreams) {

  /** No limit at all. */
  public static final TenantLimit UNLIMITED =
      new TenantLimit(Optional.empty(), OptionalInt.empty());

  /** Checks the values. */
  public TenantLimit {
    Objects.requireNonNull(submits, "submits");
    TenantOverride.streams(Objects.requireNonNull(maxStreams, "maxStreams"));
  }
}
