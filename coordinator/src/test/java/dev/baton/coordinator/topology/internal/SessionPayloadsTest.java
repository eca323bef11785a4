package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TurnPages;
import dev.baton.schemas.HistoryKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
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
  private int pageReads;
  private final SessionPayloads payloads =
      new SessionPayloads(
          records::get,
          bodies::get,
          id -> {
            pageReads++;
            return pages.values().stream().flatMap(List::stream).toList();
          });

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
  void shouldKeepTheTurnsOfOnePageInTheRecordAndReadNoPage() {
    records.put("s-1", finished(turns(2)));
    StoredSession after = finished(turns(TurnPages.PAGE_TURNS));

    apply(SessionPayloads.save(payloads.load("s-1"), after));

    assertThat(records.get("s-1")).isEqualTo(after);
    assertThat(pages).isEmpty();
    assertThat(payloads.load("s-1").session()).isEqualTo(after);
    assertThat(pageReads).as("pages read for a record that holds its turns").isZero();
  }

  @Test
  void shouldMoveTheTurnsIntoPagesOnceTheyPassAPageAndReadThemBack() {
    records.put("s-1", finished(turns(TurnPages.PAGE_TURNS)));
    StoredSession after = finished(turns(TurnPages.PAGE_TURNS + 1));

    apply(SessionPayloads.save(payloads.load("s-1"), after));

    assertThat(records.get("s-1").state().finishedTurns()).isEmpty();
    assertThat(pages).containsOnlyKeys(new HistoryKey("s-1", 0), new HistoryKey("s-1", 1));
    assertThat(payloads.load("s-1").session()).isEqualTo(after);
  }

  @Test
  void shouldMoveTheTurnsBackIntoTheRecordOnceTheyFitAPage() {
    records.put("s-1", finished(List.of()));
    apply(SessionPayloads.save(payloads.load("s-1"), finished(turns(TurnPages.PAGE_TURNS + 1))));
    StoredSession fewer =
        finished(turns(TurnPages.PAGE_TURNS + 1).subList(1, TurnPages.PAGE_TURNS + 1));

    apply(SessionPayloads.save(payloads.load("s-1"), fewer));

    assertThat(pages).isEmpty();
    assertThat(records.get("s-1")).isEqualTo(fewer);
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

  /** Turns t-0 to t-{@code count - 1}, ended in that order. */
  private static List<FinishedTurn> turns(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            n ->
                new FinishedTurn(
                    "t-" + n,
                    TurnStatus.COMPLETED,
                    Optional.of(InputDigest.of("t-" + n)),
                    AT.plusSeconds(n)))
        .toList();
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
