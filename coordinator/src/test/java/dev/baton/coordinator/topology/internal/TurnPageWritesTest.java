package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.TurnPages;
import dev.baton.schemas.HistoryKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A session's remembered turns kept in pages: a decision writes only the pages whose turns changed,
 * and the pages read back as the list the session model keeps, in its order, whatever the model did
 * to it (turns ended, the oldest forgotten, an id forgotten and finished again).
 */
class TurnPageWritesTest {

  private static final String SESSION = "s-pages";
  private static final Instant AT = Instant.parse("2026-12-05T14:00:00Z");

  /** The turns store, as pages by key. */
  private final TreeMap<HistoryKey, List<RememberedTurn>> pages = new TreeMap<>();

  private List<Effect> writes = List.of();

  @Test
  void shouldWriteOnlyThePageATurnEndedInto() {
    List<FinishedTurn> turns = new ArrayList<>();
    for (int n = 0; n < TurnPages.PAGE_TURNS; n++) {
      turns.add(finished("t" + n, n));
      save(turns);
    }

    turns.add(finished("t-next", 1000));
    save(turns);

    assertThat(writes)
        .containsExactly(
            new Effect.PutTurnPage(
                new HistoryKey(SESSION, 1),
                List.of(new RememberedTurn(TurnPages.PAGE_TURNS, turns.getLast()))));
    assertThat(read()).isEqualTo(turns);
  }

  @Test
  void shouldWriteNothingWhenTheTurnsAreUnchanged() {
    List<FinishedTurn> turns = List.of(finished("t1", 1), finished("t2", 2));
    save(turns);

    save(List.copyOf(turns));

    assertThat(writes).isEmpty();
  }

  @Test
  void shouldDeleteAPageOnceItsTurnsAreForgotten() {
    List<FinishedTurn> turns = new ArrayList<>();
    for (int n = 0; n < TurnPages.PAGE_TURNS + 1; n++) {
      turns.add(finished("t" + n, n));
    }
    save(turns);

    save(turns.subList(TurnPages.PAGE_TURNS, turns.size()));

    assertThat(writes).containsExactly(new Effect.DeleteTurnPage(new HistoryKey(SESSION, 0)));
    assertThat(pages).containsOnlyKeys(new HistoryKey(SESSION, 1));
  }

  @Test
  void shouldPlaceAnIdThatEndedAgainAfterEveryOtherTurn() {
    save(List.of(finished("t1", 1), finished("t2", 2)));

    save(List.of(finished("t2", 2), finished("t1", 3)));

    assertThat(read()).extracting(FinishedTurn::turnId).containsExactly("t2", "t1");
    assertThat(pages.firstEntry().getValue())
        .extracting(RememberedTurn::ordinal)
        .containsExactly(1L, 2L);
  }

  /**
   * Random lists as the session model makes them: turns end and are added last, the oldest are
   * forgotten beyond a bound, and an id is dropped when it is queued again and added once it ends.
   */
  @Test
  void shouldReadBackWhatTheModelKeptAfterEveryChange() {
    for (long seed = 1; seed <= 50; seed++) {
      pages.clear();
      Random random = new Random(seed);
      List<FinishedTurn> turns = new ArrayList<>();
      int nextId = 0;
      int bound = 1 + random.nextInt(300);
      for (int step = 0; step < 400; step++) {
        int action = random.nextInt(10);
        if (action < 7) {
          for (int ended = 1 + random.nextInt(3); ended > 0; ended--) {
            turns.add(finished("t" + nextId++, step));
          }
        } else if (action < 9 && !turns.isEmpty()) {
          String again = turns.get(random.nextInt(turns.size())).turnId();
          turns.removeIf(turn -> turn.turnId().equals(again));
          if (random.nextBoolean()) {
            turns.add(new FinishedTurn(again, TurnStatus.FAILED, Optional.empty(), AT));
          }
        }
        while (turns.size() > bound) {
          turns.removeFirst();
        }
        save(turns);

        assertThat(read()).as("seed %d, step %d", seed, step).isEqualTo(turns);
        assertThat(writes.size()).as("pages written at once").isLessThanOrEqualTo(4);
        pages.forEach(
            (key, page) ->
                assertThat(page)
                    .hasSizeBetween(1, TurnPages.PAGE_TURNS)
                    .allSatisfy(
                        turn -> assertThat(TurnPages.key(SESSION, turn.ordinal())).isEqualTo(key)));
      }
    }
  }

  private void save(List<FinishedTurn> turns) {
    writes = TurnPageWrites.of(SESSION, readPlaced(), List.copyOf(turns));
    for (Effect write : writes) {
      switch (write) {
        case Effect.PutTurnPage put -> pages.put(put.key(), put.turns());
        case Effect.DeleteTurnPage delete -> pages.remove(delete.key());
        default -> throw new AssertionError("unexpected " + write);
      }
    }
  }

  private List<RememberedTurn> readPlaced() {
    return pages.values().stream().flatMap(List::stream).toList();
  }

  private List<FinishedTurn> read() {
    return readPlaced().stream().map(RememberedTurn::turn).toList();
  }

  private static FinishedTurn finished(String turnId, int second) {
    return new FinishedTurn(
        turnId, TurnStatus.COMPLETED, Optional.of(InputDigest.of(turnId)), AT.plusSeconds(second));
  }
}
