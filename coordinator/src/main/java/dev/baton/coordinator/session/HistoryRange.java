package dev.baton.coordinator.session;

/**
 * A half-open range {@code [fromSeq, toSeq)} of history sequence numbers.
 *
 * @param fromSeq the first sequence number in the range
 * @param toSeq the sequence number after the last one in the range; equal to {@code fromSeq} when
 *     the range is empty
 */
public record HistoryRange(long fromSeq, long toSeq) {

  /** Rejects ranges that end before they start. */
  public HistoryRange {
    if (fromSeq < 0 || toSeq < fromSeq) {
      throw new IllegalArgumentException(
          "history range must satisfy 0 <= fromSeq <= toSeq, got [" + fromSeq + ", " + toSeq + ")");
    }
  }

  /** Whether the range holds no sequence number. */
  public boolean isEmpty() {
    return fromSeq == toSeq;
  }

  /** How many sequence numbers the range holds. */
  public long size() {
    return toSeq - fromSeq;
  }
}
