package dev.baton.coordinator.limits;

import dev.baton.coordinator.session.SessionState;
import java.util.List;
import java.util.Optional;

/**
 * Reads the state of the sessions this coordinator instance owns, from which the instance renews
 * the counts of their running and queued turns, and finds those with turns when it takes sessions
 * over from another instance.
 *
 * <p>{@code OwnedSessions owned = key -> ownsNow(key) ? store.get(key) : Optional.empty();}
 */
@FunctionalInterface
public interface OwnedSessions {

  /** An instance that owns no session: counts are kept from decisions alone, never renewed. */
  OwnedSessions NONE = sessionKey -> Optional.empty();

  /**
   * The state of the session keyed {@code sessionKey}, if this instance owns it now; empty if
   * another instance owns it, or it has no state.
   *
   * @throws RuntimeException if this instance cannot tell now (it is rebalancing); it asks again at
   *     the next renewal
   */
  Optional<SessionState> state(String sessionKey);

  /**
   * The keys of the sessions this instance owns now that have a running or a queued turn (a scan of
   * its stores); none by default.
   *
   * @throws RuntimeException if this instance cannot tell now (it is rebalancing)
   */
  default List<String> withTurns() {
    return List.of();
  }
}
