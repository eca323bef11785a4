package dev.baton.coordinator.limits;

import java.util.Objects;

/**
 * A token bucket of submits: it holds up to {@code burst} submits and refills at {@code rate}, so a
 * tenant may submit {@code burst} turns at once and {@code rate} on average.
 *
 * @param rate how fast the bucket refills
 * @param burst how many submits it holds; at least 1
 */
public record SubmitLimit(Rate rate, long burst) {

  /** Checks the values. */
  public SubmitLimit {
    Objects.requireNonNull(rate, "rate");
    TenantOverride.burst(burst);
  }

  /** {@code 20/s (burst 40)}. */
  @Override
  public String toString() {
    return rate + " (burst " + burst + ")";
  }
}
