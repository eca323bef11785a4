package dev.baton.coordinator.limits;

import java.util.Optional;
import java.util.OptionalInt;

/** The limits one tenant sets itself while {@link TenantLimits} is built; null means inherited. */
final class TenantOverride {

  private Optional<Rate> submitRate;
  private Long submitBurst;
  private OptionalInt maxStreams;
  private OptionalInt maxActiveTurns;
  private OptionalInt maxQueuedTurns;

  void set(String tenant, String key, String value) {
    try {
      switch (key) {
        case TenantLimits.SUBMIT_RATE -> submitRate = rate(value);
        case TenantLimits.SUBMIT_BURST -> submitBurst = burst(wholeNumber(value));
        case TenantLimits.MAX_STREAMS -> maxStreams = count(value);
        case TenantLimits.MAX_ACTIVE_TURNS -> maxActiveTurns = count(value);
        case TenantLimits.MAX_QUEUED_TURNS -> maxQueuedTurns = count(value);
        default ->
            throw new IllegalArgumentException(
                "unknown limit; keys: " + String.join(", ", TenantLimits.KEYS));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          tenant + "." + key + "=" + value + " is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * This tenant's limits: each one it set, else the default's ({@code defaults}, whose submit limit
   * is ignored). Its burst is its own, else the default burst, else the permits of its rate.
   */
  TenantLimit resolve(Optional<Rate> defaultRate, Long defaultBurst, TenantLimit defaults) {
    Optional<Rate> rate = submitRate != null ? submitRate : defaultRate;
    Long burst = submitBurst != null ? submitBurst : defaultBurst;
    return new TenantLimit(
        rate.map(r -> new SubmitLimit(r, burst != null ? burst : r.permits())),
        maxStreams != null ? maxStreams : defaults.maxStreams(),
        maxActiveTurns != null ? maxActiveTurns : defaults.maxActiveTurns(),
        maxQueuedTurns != null ? maxQueuedTurns : defaults.maxQueuedTurns());
  }

  static Long burst(long burst) {
    if (burst < 1) {
      throw new IllegalArgumentException("a submit burst must be at least 1, got " + burst);
    }
    return burst;
  }

  /** Returns {@code max} if it is empty or at least 1; {@code name} is its name in the message. */
  static OptionalInt atLeastOne(String name, OptionalInt max) {
    if (max.isPresent() && max.getAsInt() < 1) {
      throw new IllegalArgumentException(
          name + " must be at least 1 (or empty for no limit), got " + max.getAsInt());
    }
    return max;
  }

  private static Optional<Rate> rate(String value) {
    return value.strip().equals(TenantLimits.OFF)
        ? Optional.empty()
        : Optional.of(Rate.parse(value));
  }

  /** A most streams or turns: a whole number, 0 or {@value TenantLimits#OFF} for none. */
  private static OptionalInt count(String value) {
    if (value.strip().equals(TenantLimits.OFF)) {
      return OptionalInt.empty();
    }
    long count = wholeNumber(value);
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most " + Integer.MAX_VALUE);
    }
    return count == 0 ? OptionalInt.empty() : OptionalInt.of((int) count);
  }

  private static long wholeNumber(String value) {
    try {
      long number = Long.parseLong(value.strip());
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("'" + value + "' is not a whole number of 0 or more");
  }
}
