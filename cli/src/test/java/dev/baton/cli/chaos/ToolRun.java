package dev.baton.cli.chaos;

import dev.baton.worker.OperationClass;
import java.time.Instant;

/**
 * One run of a tool handler as the worker that ran it saw it: the call it ran for and when it
 * started and finished on that worker's clock (the test JVM's).
 *
 * @param runId the run's number, unique in a workload; its result's content starts with {@code run
 *     <runId>}
 * @param workerId the worker that ran it
 * @param sessionId the call's session
 * @param turnId the call's turn
 * @param step the step that asked for the call
 * @param fencingToken the token of the dispatch it ran for
 * @param callId the call's id
 * @param operationClass the lock class it ran under
 * @param startedAt when the handler started
 * @param finishedAt when the handler returned or stopped
 * @param outcome how it ended
 */
public record ToolRun(
    long runId,
    String workerId,
    String sessionId,
    String turnId,
    int step,
    long fencingToken,
    String callId,
    OperationClass operationClass,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome) {

  /** How a run ended. */
  public enum Outcome {
    /** The handler returned its result. */
    FINISHED,
    /** The handler saw the turn cancelled and stopped early. */
    STOPPED,
    /** The handler was interrupted (its worker shut down now). */
    INTERRUPTED,
    /**
     * The handler still ran when the journal was read; it finished at that time at the earliest.
     */
    RUNNING
  }

  /** The prefix of the result content of run {@code runId}. */
  public static String resultPrefix(long runId) {
    return "run " + runId;
  }

  /** The run id a result's content names, or -1 if it names none. */
  public static long runIdOf(String content) {
    if (content == null || !content.startsWith("run ")) {
      return -1;
    }
    int end = content.indexOf(' ', 4);
    try {
      return Long.parseLong(end < 0 ? content.substring(4) : content.substring(4, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** This run, ended at {@code finishedAt} with {@code outcome}. */
  public ToolRun endedAt(Instant finishedAt, Outcome outcome) {
    return new ToolRun(
        runId,
        workerId,
        sessionId,
        turnId,
        step,
        fencingToken,
        callId,
        operationClass,
        startedAt,
        finishedAt,
        outcome);
  }

  /** Whether this run and {@code other} ran at the same time for a while. */
  public boolean overlaps(ToolRun other) {
    return startedAt.isBefore(other.finishedAt) && other.startedAt.isBefore(finishedAt);
  }

  /** Whether this run is a WRITE. */
  public boolean isWrite() {
    return operationClass == OperationClass.WRITE;
  }

  @Override
  public String toString() {
    return "run "
        + runId
        + " ("
        + operationClass
        + " call "
        + callId
        + " of turn "
        + turnId
        + " step "
        + step
        + " token "
        + fencingToken
        + " on "
        + workerId
        + ", "
        + startedAt
        + " to "
        + finishedAt
        + ", "
        + outcome
        + ")";
  }
}
