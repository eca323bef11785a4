package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.avro.RecordRejectionReason;

/**
 * An input record cannot be used. Thrown while a record is decoded and planned, caught by {@link
 * SessionPlanner}, which turns it into a {@code RecordRejected} event; it never leaves the
 * processor. Carries no stack trace: it is an expected outcome, not a bug.
 */
final class RejectedInput extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final RecordRejectionReason reason;

  private RejectedInput(RecordRejectionReason reason, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.reason = reason;
  }

  static RejectedInput of(RecordRejectionReason reason, String detail) {
    return new RejectedInput(reason, detail, null);
  }

  static RejectedInput of(RecordRejectionReason reason, Throwable cause) {
    return new RejectedInput(reason, String.valueOf(cause.getMessage()), cause);
  }

  static RejectedInput invalidCommand(String detail) {
    return of(RecordRejectionReason.INVALID_COMMAND, detail);
  }

  static RejectedInput unsupported(Object body) {
    String type = body == null ? "null" : body.getClass().getSimpleName();
    return invalidCommand(type + " is not supported by this coordinator version");
  }

  RecordRejectionReason reason() {
    return reason;
  }
}
