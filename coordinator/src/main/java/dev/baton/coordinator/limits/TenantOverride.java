package dev.baton.coordinator.limits;

import java.util.Optional;
import java.util.OptionalInt;

/** The limits one tenant sets itself while {@link TenantLimits} is built; null means inherited. */
final class TenantOverride {

  private Optional<Rate> submitRate;
  private Long submitBurst;
  private OptionalInt maxStreams;

  void set(String tenant, String key, String value) {
    try {
      switch (key) {
        case TenantLimits.SUBMIT_RATE -> submitRate = rate(value);
        case TenantLimits.SUBMIT_BURST -> submitBurst = burst(wholeNumber(value));
        case TenantLimits.MAX_STREAMS -> maxStreams = streams(value);
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
   * This tenant's limits: each one it set, else the default's. Its burst is its own, else the
   * default burst, else the permits of its rate.
   */
  TenantLimit resolve(Optional<Rate> defaultRate, Long defaultBurst, OptionalInt defaultStreams) {
    Optional<Rate> rate = submitRate != null ? submitRate : defaultRate;
    Long burst = submitBurst != null ? submitBurst : defaultBurst;
    return new TenantLimit(
        rate.map(r -> new SubmitLimit(r, burst != null ? burst : r.permits())),
        maxStreams != null ? maxStreams : defaultStreams);
  }

  static Long burst(long burst) {
    if (burst < 1) {
      throw new IllegalArgumentException("a submit burst must be at least 1, got " + burst);
    }
    return burst;
  }

  static OptionalInt streams(OptionalInt maxStreams) {
    if (maxStreams.isPresent() && maxStreams.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxStreams must be at least 1 (or empty for no limit), got " + maxStreams.getAsInt());
    }
    return maxStreams;
  }

  private static Optional<Rate> rate(String value) {
    return value.strip().equals(TenantLimits.OFF)
        ? Optional.empty()
        : Optional.of(Rate.parse(value));
  }

  private static OptionalInt streams(String value) {
    if (value.strip().equals(TenantLimits.OFF)) {
      return OptionalInt.empty();
    }
    long streams = wholeNumber(value);
    if (streams > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " streams");
    }
    return streams == 0 ? OptionalInt.empty() : OptionalInt.of((int) streams);
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
