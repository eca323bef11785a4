package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.WorkerResult;

/** The decoded input record that a decision answers; events name it as their causation. */
sealed interface Cause {

  /** The {@code causationId} of the events it causes. */
  String causationId();

  /** A client's command; events name its {@code commandId}. */
  record FromCommand(Command command) implements Cause {
    @Override
    public String causationId() {
      return command.getCommandId();
    }
  }

  /**
   * A worker's result; events name its assignment, or the record's coordinates if the worker did
   * not name it.
   */
  record FromResult(WorkerResult result, String coordinates) implements Cause {
    @Override
    public String causationId() {
      return result.getAssignmentId() != null ? result.getAssignmentId() : coordinates;
    }
  }

  /** The wall clock: a deadline, a lease or an idle time to live ran out. No causation id. */
  record FromTimer() implements Cause {
    @Override
    public String causationId() {
      return null;
    }
  }
}
