package dev.baton.coordinator.session;

/**
 * How a tool call locks its turn: {@code READ} calls of a step overlap, a {@code WRITE} call runs
 * alone and waits for the earlier calls of its step to finish. {@code WRITE} is the stricter class.
 */
public enum OperationClass {
  /** Reads only; may run beside the other reads of its step. */
  READ,
  /** May change something; runs alone, in the order the agent asked for it. */
  WRITE;

  /** The stricter of this class and {@code other}: {@code WRITE} if either is. */
  public OperationClass stricter(OperationClass other) {
    return this == WRITE || other == WRITE ? WRITE : READ;
  }
}
