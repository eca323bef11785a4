package dev.baton.coordinator.stream;

/**
 * Which run of an attempt a delta comes from. The share group may deliver an attempt's assignment
 * again while the worker that lost its lock still runs it, so one attempt can have several runs,
 * each emitting from index 0; a delta carries the delivery of the run that emitted it. A stream
 * shows one run at a time: the first it sees, until a delta of a later run arrives, when it says so
 * ({@value #RESTARTED}) and shows that run from then on; deltas of earlier runs are dropped.
 */
final class Runs {

  /** The event that tells a client to discard what the attempt emitted so far. */
  static final String RESTARTED = "step.restarted";

  /** A delta's run against the one shown. */
  enum Verdict {
    /** The run shown, or one not yet told apart (a worker that sends no delivery). */
    SAME,
    /** A later run: the stream switches to it. */
    LATER,
    /** An earlier run: its delta is dropped. */
    EARLIER
  }

  private Runs() {}

  /** The run of a delta of {@code delivery} while {@code shown} is shown (0: none yet). */
  static Verdict of(int delivery, int shown) {
    if (delivery == 0 || shown == 0 || delivery == shown) {
      return Verdict.SAME;
    }
    return delivery > shown ? Verdict.LATER : Verdict.EARLIER;
  }
}
