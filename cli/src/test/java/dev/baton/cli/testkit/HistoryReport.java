package dev.baton.cli.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HistoryChecker#checkAll} found in many sessions: the violations, each naming its
 * session, and figures a crash or chaos test reports.
 *
 * <pre>{@code
 * HistoryReport report = checker.checkAll(reader.histories(), reader.eventSummaries());
 * log.info("{}", report);          // sessions, turns, retried steps, violations
 * report.assertClean();
 * }</pre>
 *
 * @param sessions how many sessions were checked
 * @param acceptedTurns how many turns were accepted ({@code TurnAccepted})
 * @param completedTurns how many turns completed ({@code TurnCompleted})
 * @param endedOtherwise how many turns ended failed, cancelled or timed out
 * @param retriedSteps every step assigned again ({@code StepAssigned} with an attempt above 0), as
 *     {@code "session s turn t attempt a (eventSeq e)"}
 * @param violations every invariant broken, as {@code "session s: what is wrong"}
 */
public record HistoryReport(
    int sessions,
    int acceptedTurns,
    int completedTurns,
    int endedOtherwise,
    List<String> retriedSteps,
    List<String> violations) {

  /** How many violations {@link #assertClean()} lists; the rest are counted. */
  public static final int MAX_LISTED = 50;

  public HistoryReport {
    retriedSteps = List.copyOf(retriedSteps);
    violations = List.copyOf(violations);
  }

  /** Whether no invariant is broken. */
  public boolean isClean() {
    return violations.isEmpty();
  }

  /**
   * Throws an {@link AssertionError} listing the violations (the first {@value #MAX_LISTED}) if
   * there are any.
   */
  public void assertClean() {
    if (isClean()) {
      return;
    }
    List<String> listed = violations.subList(0, Math.min(MAX_LISTED, violations.size()));
    String more =
        violations.size() > listed.size()
            ? "\n  ... and " + (violations.size() - listed.size()) + " more"
            : "";
    throw new AssertionError(
        violations.size()
            + " violation(s) in "
            + sessions
            + " session(s):\n  "
            + String.join("\n  ", listed)
            + more);
  }

  @Override
  public String toString() {
    return sessions
        + " sessions, "
        + acceptedTurns
        + " turns accepted, "
        + completedTurns
        + " completed, "
        + endedOtherwise
        + " ended otherwise, "
        + retriedSteps.size()
        + " step(s) retried, "
        + violations.size()
        + " violation(s)";
  }

  static Builder builder() {
    return new Builder();
  }

  /** Adds up sessions one by one. */
  static final class Builder {
    private int sessions;
    private int acceptedTurns;
    private int completedTurns;
    private int endedOtherwise;
    private final List<String> retriedSteps = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private Builder() {}

    /** Counts one session with its {@code events} and the {@code found} violations. */
    Builder session(String sessionId, List<EventSummary> events, List<String> found) {
      sessions++;
      for (EventSummary event : events) {
        if (event.is("TurnAccepted")) {
          acceptedTurns++;
        } else if (event.is("TurnCompleted")) {
          completedTurns++;
        } else if (event.endsTurn()) {
          endedOtherwise++;
        } else if (event.is("StepAssigned") && event.attempt() != null && event.attempt() > 0) {
          retriedSteps.add(
              "session "
                  + sessionId
                  + " turn "
                  + event.turnId()
                  + " attempt "
                  + event.attempt()
                  + " (eventSeq "
                  + event.eventSeq()
                  + ")");
        }
      }
      found.forEach(violation -> violations.add("session " + sessionId + ": " + violation));
      return this;
    }

    HistoryReport build() {
      return new HistoryReport(
          sessions, acceptedTurns, completedTurns, endedOtherwise, retriedSteps, violations);
    }
  }
}
