package dev.baton.bench.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * When each turn reached each {@link TurnPoint}, in microseconds since the epoch; the first time a
 * point is marked for a turn counts. {@link #NONE} marks nothing.
 */
public class TurnTimes {

  /** Times nothing: for loads that are not broken down. */
  public static final TurnTimes NONE =
      new TurnTimes() {
        @Override
        public void mark(String turnId, TurnPoint point, long epochMicros) {}
      };

  private final FirstMarks marks = new FirstMarks(TurnPoint.values().length);

  /** Marks {@code point} of {@code turnId} at {@code epochMicros}, unless it is marked already. */
  public void mark(String turnId, TurnPoint point, long epochMicros) {
    marks.mark(turnId, point.ordinal(), epochMicros);
  }

  /** Marks {@code point} of {@code turnId} now. */
  public void markNow(String turnId, TurnPoint point) {
    mark(turnId, point, nowMicros());
  }

  /** Marks {@code point} of {@code turnId} at a time of {@code epochMillis}, such as a broker's. */
  public void markMillis(String turnId, TurnPoint point, long epochMillis) {
    mark(turnId, point, epochMillis * 1000);
  }

  /**
   * The times of the turns whose id starts with {@code turnIdPrefix}, each indexed by {@link
   * TurnPoint#ordinal()}; 0 where a point was not seen.
   */
  public List<long[]> of(String turnIdPrefix) {
    return List.copyOf(byTurn(turnIdPrefix).values());
  }

  /** {@link #of} by turn id. */
  public Map<String, long[]> byTurn(String turnIdPrefix) {
    return marks.byTurn(turnIdPrefix);
  }

  /** Now in microseconds since the epoch. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
