package dev.baton.coordinator.session;

/**
 * How the tool calls of a step are dispatched. Only {@link #PARALLEL} is used so far; the
 * coordinator-ordered fallback for an unreachable Redis will switch a batch to {@link #SEQUENTIAL}.
 */
public enum DispatchMode {
  /** All calls at once; workers keep their order with the Redis turn lock. */
  PARALLEL,
  /** One call at a time, the next when the previous finished; needs no lock. */
  SEQUENTIAL
}
