package dev.baton.cli.chaos;

/**
 * One invariant broken by a workload.
 *
 * @param invariant which invariant
 * @param sessionId the session it is about; null for the whole run
 * @param detail what was seen, as a sentence
 */
public record Violation(Invariant invariant, String sessionId, String detail) {

  /** The invariants the checker holds every workload to. */
  public enum Invariant {
    /** Every accepted turn ends (completed, failed, cancelled or timed out). */
    TURN_NEVER_ENDED,
    /** A turn id is accepted at most once in a session's life. */
    TURN_ACCEPTED_TWICE,
    /** At most one turn of a session is active at a time. */
    TWO_ACTIVE_TURNS,
    /** A session's eventSeqs follow each other without gap or repeat (a new life may restart). */
    EVENT_SEQ_GAP,
    /** No two events share an event id. */
    EVENT_ID_REPEATED,
    /** A session's history seqs follow each other without gap or repeat. */
    HISTORY_SEQ_GAP,
    /**
     * When a turn ends, each of its assistant messages with tool calls is followed by exactly one
     * tool message per call, in call order.
     */
    TRANSCRIPT_BROKEN,
    /** The history topic holds what the events say the history is. */
    HISTORY_TOPIC_MISMATCH,
    /** No call overlaps a write of its turn, on the workers' own clock. */
    WRITE_OVERLAP,
    /** No write overlaps a write of another turn of its session (an interrupted one, say). */
    WRITE_OVERLAP_ACROSS_TURNS,
    /** No tool call runs again after the run whose result was accepted. */
    RERUN_AFTER_ACCEPT,
    /** An accepted tool result comes from a run of that very call. */
    FOREIGN_RESULT_ACCEPTED,
    /** No turn times out before its deadline has passed on the coordinator's clock. */
    TURN_TIMED_OUT_EARLY,
    /** No coordinator stream thread fails. */
    STREAM_THREAD_DIED
  }

  @Override
  public String toString() {
    return invariant + (sessionId == null ? "" : " [" + sessionId + "]") + ": " + detail;
  }
}
