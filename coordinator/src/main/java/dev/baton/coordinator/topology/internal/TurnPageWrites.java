package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.TurnPages;
import dev.baton.schemas.HistoryKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The writes that keep a session's remembered turns in their pages ({@link TurnPages}) after a
 * decision: a turn kept as it was keeps its ordinal and its page is not written; a turn that is new
 * or changed gets the next ordinal, after every other; each page that gains or loses a turn is put
 * again, or deleted once empty. The order of the new turns is the order of their ordinals, so the
 * pages read back in the order the session model keeps.
 *
 * <p>{@code List<Effect> writes = TurnPageWrites.of("s-1", loaded.remembered(),
 * after.state().finishedTurns());}
 */
final class TurnPageWrites {

  private TurnPageWrites() {}

  /**
   * The page writes that store {@code after} (oldest first) for session {@code sessionId}, whose
   * pages held {@code before} (in ordinal order).
   */
  static List<Effect> of(String sessionId, List<RememberedTurn> before, List<FinishedTurn> after) {
    Map<String, RememberedTurn> unplaced = new HashMap<>();
    before.forEach(turn -> unplaced.put(turn.turn().turnId(), turn));
    long next = before.isEmpty() ? 0 : before.getLast().ordinal() + 1;
    Set<Long> touched = new TreeSet<>();
    List<RememberedTurn> placed = new ArrayList<>(after.size());
    long last = -1;
    for (FinishedTurn turn : after) {
      RememberedTurn had = unplaced.get(turn.turnId());
      // A turn keeps its place only if it is unchanged and after every turn placed before it.
      if (had != null && had.turn().equals(turn) && had.ordinal() > last) {
        unplaced.remove(turn.turnId());
        placed.add(had);
        last = had.ordinal();
        continue;
      }
      RememberedTurn added = new RememberedTurn(next++, turn);
      last = added.ordinal();
      placed.add(added);
      touched.add(page(added));
    }
    unplaced.values().forEach(gone -> touched.add(page(gone)));
    List<Effect> writes = new ArrayList<>(touched.size());
    for (long page : touched) {
      List<RememberedTurn> held = placed.stream().filter(turn -> page(turn) == page).toList();
      HistoryKey key = new HistoryKey(sessionId, page);
      writes.add(
          held.isEmpty() ? new Effect.DeleteTurnPage(key) : new Effect.PutTurnPage(key, held));
    }
    return writes;
  }

  private static long page(RememberedTurn turn) {
    return turn.ordinal() / TurnPages.PAGE_TURNS;
  }
}
