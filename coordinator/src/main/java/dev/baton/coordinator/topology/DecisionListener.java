package dev.baton.coordinator.topology;

import dev.baton.coordinator.session.SessionEvent;
import java.util.List;

/**
 * Hears every decision of the session model as the coordinator's processor makes it, in process.
 * The HTTP API uses it to answer a request that waits for a turn from the owning instance's own
 * output, without consuming the session-events topic.
 *
 * <p>It is called on the stream thread, after the decision's store writes and forwards, once per
 * decided input record, with the model's events in order (including {@link
 * SessionEvent.DuplicateTurnSubmitted}, which is not written to the topic). It must return quickly
 * and should not throw; an exception is logged and ignored, never stops the thread. Under
 * exactly-once it runs before the record's transaction commits: if the transaction aborts, the
 * record is processed again (possibly by another instance) from the same state, so the decision it
 * heard is the decision that commits. Records rejected before the model decides are not reported.
 *
 * <pre>{@code
 * DecisionListener log = (sessionId, events) -> events.forEach(e -> System.out.println(e));
 * Topology topology = CoordinatorTopology.build(layout, registry, TopologyOptions.defaults(), log);
 * }</pre>
 */
@FunctionalInterface
public interface DecisionListener {

  /** A listener that ignores every decision. */
  DecisionListener NONE = (sessionId, events) -> {};

  /**
   * A decision for {@code sessionId}.
   *
   * @param events the model's events in order; never empty
   */
  void decided(String sessionId, List<SessionEvent> events);

  /**
   * A listener that tells this one, then {@code next}; {@code next} hears the decision even if this
   * one threw, and the first failure is thrown afterwards.
   */
  default DecisionListener andThen(DecisionListener next) {
    return (sessionId, events) -> {
      try {
        decided(sessionId, events);
      } finally {
        next.decided(sessionId, events);
      }
    };
  }
}
