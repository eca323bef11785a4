package dev.baton.bench.internal;

/**
 * The points a turn passes on its way, in order, each timed on one clock (the machine's: the
 * embedded broker, the driver and the echo workers share the benchmark's JVM). A turn submitted
 * through the HTTP API starts with its request and ends with its answer ({@link #httpLabel()}).
 */
public enum TurnPoint {
  /**
   * The driver hands the SubmitTurn command to its producer (driver's clock); through HTTP, the
   * client sends the request.
   */
  SENT("command sent", "request sent"),
  /** The broker appended the command: its LogAppendTime (broker's clock, milliseconds). */
  COMMAND_APPENDED("command appended"),
  /** A read_uncommitted consumer of the assignments topic saw the turn's first assignment. */
  ASSIGNMENT_WRITTEN("assignment written"),
  /** A read_committed consumer of the assignments topic saw it: its transaction committed. */
  ASSIGNMENT_COMMITTED("assignment committed"),
  /** The echo worker's agent handler started on the step. */
  HANDLER_STARTED("worker handler started"),
  /** The handler returned its answer. */
  HANDLER_RETURNED("worker handler returned"),
  /**
   * The broker appended the worker's result: its LogAppendTime, read from the terminal event, which
   * carries its input's timestamp.
   */
  RESULT_APPENDED("worker result appended"),
  /** A read_uncommitted consumer of the session events saw the turn's terminal event. */
  TERMINAL_WRITTEN("terminal event written"),
  /**
   * The driver's read_committed consumer saw the terminal event; through HTTP, the client received
   * the answer.
   */
  TERMINAL_SEEN("terminal event seen by the driver", "answer received by the client");

  private final String label;
  private final String httpLabel;

  TurnPoint(String label) {
    this(label, label);
  }

  TurnPoint(String label, String httpLabel) {
    this.label = label;
    this.httpLabel = httpLabel;
  }

  /** How tables name it. */
  public String label() {
    return label;
  }

  /** How tables name it for a turn submitted through the HTTP API. */
  public String httpLabel() {
    return httpLabel;
  }
}
