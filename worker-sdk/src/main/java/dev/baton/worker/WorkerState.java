package dev.baton.worker;

/**
 * Where a {@link Worker} is in its lifecycle. It only moves forward: {@code NEW -> RUNNING ->
 * SHUTTING_DOWN -> TERMINATED}, or {@code NEW -> TERMINATED} when it is shut down unstarted.
 */
public enum WorkerState {
  /** Built, not started. */
  NEW,
  /** Consuming assignments and running handlers. */
  RUNNING,
  /** No longer consuming; in-flight steps finish (or are released) and clients close. */
  SHUTTING_DOWN,
  /** Every step is settled and every client closed. */
  TERMINATED
}
