package dev.baton.cli.chaos;

/**
 * One operation of a workload. Sessions and workers are named by their index in the workload, turn
 * ids are given when the operation runs.
 */
public sealed interface Op {

  /** Submits a new turn through the HTTP API with {@code onBusy}. */
  record Submit(int session, ToolScript script, String onBusy) implements Op {}

  /**
   * Submits an earlier turn id of the session again: with the same input (a duplicate) or another
   * one (a reused turn id).
   */
  record Resubmit(int session, boolean sameInput, int pick) implements Op {}

  /** Cancels the session's latest turn through the API, or kills it as an operator. */
  record Cancel(int session, boolean kill) implements Op {}

  /** Waits until the session's turns have ended and it expired; its id is used again later. */
  record Expire(int session) implements Op {}

  /** Shuts worker {@code worker} down at once and starts a new one in its place. */
  record KillWorker(int worker) implements Op {}

  /** Stops the turn-lock Redis, if it runs. */
  record StopRedis() implements Op {}

  /** Starts the turn-lock Redis again on its port, if it is stopped. */
  record StartRedis() implements Op {}

  /**
   * Produces a submit command straight to the commands topic: to a partition other than its key's
   * if {@code wrongPartition}, with its CreateTime {@code skewMs} off.
   */
  record RawSubmit(int session, ToolScript script, boolean wrongPartition, long skewMs)
      implements Op {}

  /**
   * Produces a lease renewal for the session's latest assignment as a worker whose clock runs
   * {@code skewMs} off would: with that CreateTime and {@code producedAt}.
   */
  record SkewedRenewal(int session, long skewMs) implements Op {}

  /** Waits {@code ms} before the next operation. */
  record Pause(int ms) implements Op {}
}
