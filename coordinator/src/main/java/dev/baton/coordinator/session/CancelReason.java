package dev.baton.coordinator.session;

/** Why a turn was cancelled. */
public enum CancelReason {
  /** A client cancelled it. */
  CANCELLED,
  /** An operator killed it. */
  KILLED,
  /** A newer turn submitted with {@link OnBusy#INTERRUPT} took its place. */
  INTERRUPTED,
  /**
   * A newer turn submitted with {@link OnBusy#ROLLBACK} took its place and removed its messages.
   */
  ROLLED_BACK
}
