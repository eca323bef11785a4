package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.topology.StoredSession;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A session's record holds no payload bodies; its bodies are records of their own. */
class SessionPayloadsTest {

  private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

  private final Map<String, StoredSession> records = new HashMap<>();
  private final Map<String, String> bodies = new HashMap<>();
  private final SessionPayloads payloads = new SessionPayloads(records::get, bodies::get);

  @Test
  void shouldMoveABodyAnOlderRecordHeldOutOfItAndReadItBack() {
    records.put("s-1", queued("t-2", "a long input"));
    SessionPayloads.Loaded loaded = payloads.load("s-1");

    apply(SessionPayloads.save(loaded, queued("t-2", "a long input")));

    assertThat(records.get("s-1").state().queue().getFirst().input()).isEmpty();
    assertThat(bodies).containsValue("a long input");
    assertThat(payloads.load("s-1").session().state().queue().getFirst().input())
        .isEqualTo("a long input");
  }

  @Test
  void shouldDeleteABodyTheStateNoLongerRefersTo() {
    records.put("s-1", queued("t-2", "next"));
    apply(SessionPayloads.save(payloads.load("s-1"), queued("t-2", "next")));

    apply(SessionPayloads.save(payloads.load("s-1"), queued(null, null)));

    assertThat(bodies).isEmpty();
  }

  private void apply(List<Effect> effects) {
    for (Effect effect : effects) {
      switch (effect) {
        case Effect.PutPayload put -> bodies.put(put.key(), put.body());
        case Effect.DeletePayload delete -> bodies.remove(delete.key());
        case Effect.Save save -> records.put(save.session().sessionId(), save.session());
        default -> throw new AssertionError("unexpected " + effect);
      }
    }
  }

  /**
   * A session with turn {@code turnId} queued with {@code input}; none if {@code turnId} is null.
   */
  private static StoredSession queued(String turnId, String input) {
    List<QueuedTurn> queue =
        turnId == null ? List.of() : List.of(new QueuedTurn(turnId, input, AT));
    return new StoredSession(
        new SessionState("s-1", Optional.empty(), queue, List.of(), 1, 1, 0, true, AT, AT), 3);
  }
}
