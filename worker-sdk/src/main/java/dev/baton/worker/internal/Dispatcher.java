package dev.baton.worker.internal;

/** Runs a delivered record off the poll thread and reports how it ended. */
@FunctionalInterface
public interface Dispatcher {

  /**
   * Starts running {@code delivery}'s record. The run {@link Delivery#settle settles} the delivery
   * with a final type when it ends (and may {@link Delivery#renew renew} it before), from any
   * thread; and it calls {@code onEnded} exactly once, when the handler has ended (before the final
   * settlement), or at once if the record cannot be started. Either may happen before this returns.
   *
   * @param delivery the record and the way back to its poll loop
   * @param onEnded frees the handler's slot
   */
  void dispatch(Delivery delivery, Runnable onEnded);
}
