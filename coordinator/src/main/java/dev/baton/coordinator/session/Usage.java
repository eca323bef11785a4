package dev.baton.coordinator.session;

/**
 * Model tokens consumed, as reported by workers.
 *
 * @param inputTokens prompt tokens, not negative
 * @param outputTokens completion tokens, not negative
 */
public record Usage(long inputTokens, long outputTokens) {

  /** No usage. */
  public static final Usage ZERO = new Usage(0, 0);

  /** Rejects negative counts. */
  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative, got input="
              + inputTokens
              + " output="
              + outputTokens);
    }
  }

  /** The sum of this usage and {@code other}. */
  public Usage plus(Usage other) {
    return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}
