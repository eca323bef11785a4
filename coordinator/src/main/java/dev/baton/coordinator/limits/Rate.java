package dev.baton.coordinator.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of permits per period, written {@code 20/s}, {@code 600/m} or {@code 1000/h}.
 *
 * <p>{@code Rate rate = Rate.parse("20/s"); // 20 permits per second}
 *
 * @param permits how many permits each period brings; at least 1
 * @param period the period; positive
 */
public record Rate(long permits, Duration period) {

  /** What {@link #parse} accepts, in words. */
  public static final String FORMAT =
      "a rate such as 20/s, 600/m or 1000/h (a whole number from 1 to 999999999)";

  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})/([smh])");
  private static final Map<String, Duration> UNITS =
      Map.of("s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));

  /** Checks the values. */
  public Rate {
    Objects.requireNonNull(period, "period");
    if (permits < 1) {
      throw new IllegalArgumentException("a rate needs at least 1 permit, got " + permits);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate's period must be positive, got " + period);
    }
  }

  /**
   * Reads {@code <permits>/<s|m|h>}.
   *
   * @throws IllegalArgumentException for any other text, naming {@link #FORMAT}
   */
  public static Rate parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher matcher = TEXT.matcher(text.strip());
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
      throw new IllegalArgumentException("'" + text + "' is not " + FORMAT);
    }
    return new Rate(Long.parseLong(matcher.group(1)), UNITS.get(matcher.group(2)));
  }

  /** The rate as {@link #parse} reads it: {@code 20/s}; another period in milliseconds. */
  @Override
  public String toString() {
    return UNITS.entrySet().stream()
        .filter(unit -> unit.getValue().equals(period))
        .map(unit -> permits + "/" + unit.getKey())
        .findFirst()
        .orElse(permits + "/" + period.toMillis() + "ms");
  }
}
