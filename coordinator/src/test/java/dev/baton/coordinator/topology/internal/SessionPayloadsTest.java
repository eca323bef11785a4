package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.HistoryKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A session's record holds no payload bodies and no remembered turns: its bodies are records of
 * their own, its remembered turns are in pages.
 */
class SessionPayloadsTest {

  private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

  private final Map<String, StoredSession> records = new HashMap<>();
  private final Map<String, String> bodies = new HashMap<>();
  private final TreeMap<HistoryKey, List<RememberedTurn>> pages = new TreeMap<>();
  private final SessionPayloads payloads =
      new SessionPayloads(
          records::get, bodies::get, id -> pages.values().stream().flatMap(List::stream).toList());

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

  @Test
  void shouldKeepTheRememberedTurnsInPagesAndReadThemBack() {
    records.put("s-1", finished(List.of()));
    StoredSession after = finished(List.of(turn("t-1"), turn("t-2")));

    apply(SessionPayloads.save(payloads.load("s-1"), after));

    assertThat(records.get("s-1").state().finishedTurns()).isEmpty();
    assertThat(pages).containsOnlyKeys(new HistoryKey("s-1", 0));
    assertThat(payloads.load("s-1").session()).isEqualTo(after);
  }

  @Test
  void shouldMoveTheTurnsAnOlderRecordHeldIntoPages() {
    StoredSession older = finished(List.of(turn("t-1"), turn("t-2")));
    records.put("s-1", older);
    SessionPayloads.Loaded loaded = payloads.load("s-1");
    assertThat(loaded.session()).isEqualTo(older);

    apply(SessionPayloads.save(loaded, older));

    assertThat(records.get("s-1").state().finishedTurns()).isEmpty();
    assertThat(pages.firstEntry().getValue())
        .extracting(RememberedTurn::turn)
        .isEqualTo(older.state().finishedTurns());
    assertThat(payloads.load("s-1").session()).isEqualTo(older);
  }

  private void apply(List<Effect> effects) {
    for (Effect effect : effects) {
      switch (effect) {
        case Effect.PutPayload put -> bodies.put(put.key(), put.body());
        case Effect.DeletePayload delete -> bodies.remove(delete.key());
        case Effect.Save save -> records.put(save.session().sessionId(), save.session());
        case Effect.PutTurnPage put -> pages.put(put.key(), put.turns());
        case Effect.DeleteTurnPage delete -> pages.remove(delete.key());
        default -> throw new AssertionError("unexpected " + effect);
      }
    }
  }

  /** A session that remembers {@code turns}. */
  private static StoredSession finished(List<FinishedTurn> turns) {
    return new StoredSession(
        new SessionState("s-1", Optional.empty(), List.of(), turns, 1, 1, 0, false, AT, AT), 5);
  }

  private static FinishedTurn turn(String turnId) {
    return new FinishedTurn(turnId, TurnStatus.COMPLETED, Optional.of(InputDigest.of(turnId)), AT);
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
