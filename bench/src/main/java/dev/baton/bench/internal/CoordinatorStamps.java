package dev.baton.bench.internal;

import java.util.Map;

/**
 * The times the coordinator wrote on a turn's first records, in epoch milliseconds: the {@code
 * TurnAccepted} event's record timestamp and {@code occurredAt}, the first assignment's record
 * timestamp and {@code issuedAt}. Compared with the command's broker append time, they show whether
 * the coordinator's records time its decisions or the input that caused them.
 */
public final class CoordinatorStamps {

  /** A stamp of a turn's first records. */
  public enum Stamp {
    /** The TurnAccepted event's record timestamp. */
    ACCEPTED_RECORD("TurnAccepted record timestamp"),
    /** The TurnAccepted event's occurredAt. */
    ACCEPTED_OCCURRED_AT("TurnAccepted occurredAt"),
    /** The first assignment's record timestamp. */
    ASSIGNMENT_RECORD("assignment record timestamp"),
    /** The first assignment's issuedAt. */
    ASSIGNMENT_ISSUED_AT("assignment issuedAt");

    private final String label;

    Stamp(String label) {
      this.label = label;
    }
  }

  private final FirstMarks marks = new FirstMarks(Stamp.values().length);

  /** Notes {@code stamp} of {@code turnId} unless noted already. */
  public void note(String turnId, Stamp stamp, long epochMillis) {
    marks.mark(turnId, stamp.ordinal(), epochMillis);
  }

  /**
   * A sentence: of the turns in {@code times} with a command append time, in how many each stamp
   * equals it.
   */
  public String comparedWith(Map<String, long[]> times) {
    int turns = 0;
    int[] equal = new int[Stamp.values().length];
    for (Map.Entry<String, long[]> turn : times.entrySet()) {
      long appendedMillis = turn.getValue()[TurnPoint.COMMAND_APPENDED.ordinal()] / 1000;
      long[] stamps = marks.of(turn.getKey());
      if (appendedMillis == 0 || stamps == null) {
        continue;
      }
      turns++;
      for (Stamp stamp : Stamp.values()) {
        if (stamps[stamp.ordinal()] == appendedMillis) {
          equal[stamp.ordinal()]++;
        }
      }
    }
    StringBuilder sentence = new StringBuilder("Equal to the command's broker append time in ");
    for (Stamp stamp : Stamp.values()) {
      sentence
          .append(stamp.ordinal() == 0 ? "" : ", ")
          .append(stamp.label)
          .append(": ")
          .append(equal[stamp.ordinal()]);
    }
    return sentence.append(" of ").append(turns).append(" turns.").toString();
  }
}
