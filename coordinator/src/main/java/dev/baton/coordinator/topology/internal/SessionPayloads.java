package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TurnPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads sessions with the parts kept apart from their record, and turns a session's new state into
 * the writes that store it: the session's record without payload bodies ({@link StatePayloads})
 * and, if it remembers more turns than a page holds ({@link TurnPages#paged}), without them; a put
 * per new body and a delete per body the state no longer refers to; and the pages of remembered
 * turns that changed ({@link TurnPageWrites}), all of them deleted once the record holds the turns.
 *
 * <p>{@code Loaded loaded = payloads.load("s-1"); payloads.save(loaded, after)}
 */
final class SessionPayloads {

  private final Function<String, StoredSession> records;
  private final Function<String, String> bodies;
  private final Function<String, List<RememberedTurn>> pages;

  /**
   * @param records the session's record, or {@link StoredSession#empty} if it has none
   * @param bodies the body under a key of the payloads store, or null
   * @param pages the turns in the pages of a session, in ordinal order ({@link TurnPages#read})
   */
  SessionPayloads(
      Function<String, StoredSession> records,
      Function<String, String> bodies,
      Function<String, List<RememberedTurn>> pages) {
    this.records = records;
    this.bodies = bodies;
    this.pages = pages;
  }

  /**
   * A session as loaded: with its bodies and remembered turns, the keys of the bodies its record
   * still held itself (written before bodies moved out), which the next save moves out, and the
   * turns its pages held (none if its record holds them).
   */
  record Loaded(StoredSession session, Set<String> embedded, List<RememberedTurn> remembered) {}

  /** Session {@code sessionId} with its bodies and remembered turns. */
  Loaded load(String sessionId) {
    StoredSession stored = records.apply(sessionId);
    List<RememberedTurn> remembered =
        TurnPages.mayHavePages(stored) ? pages.apply(sessionId) : List.of();
    StoredSession record = TurnPages.filled(stored, remembered);
    Set<String> embedded = StatePayloads.of(record.state()).keySet();
    StoredSession whole =
        new StoredSession(
            StatePayloads.filled(record.state(), bodies), record.nextEventSeq(), record.timer());
    return new Loaded(whole, embedded, remembered);
  }

  /** The writes that store {@code after}, the new state of {@code before}'s session. */
  static List<Effect> save(Loaded before, StoredSession after) {
    Map<String, String> had = StatePayloads.of(before.session().state());
    Map<String, String> has = StatePayloads.of(after.state());
    List<Effect> writes = new ArrayList<>();
    has.forEach(
        (key, body) -> {
          if (!body.equals(had.get(key)) || before.embedded().contains(key)) {
            writes.add(new Effect.PutPayload(key, body));
          }
        });
    had.keySet().stream()
        .filter(key -> !has.containsKey(key))
        .forEach(key -> writes.add(new Effect.DeletePayload(key)));
    List<FinishedTurn> turns = after.state().finishedTurns();
    boolean paged = TurnPages.paged(turns);
    writes.addAll(
        TurnPageWrites.of(after.sessionId(), before.remembered(), paged ? turns : List.of()));
    SessionState stripped = StatePayloads.stripped(after.state());
    if (paged) {
      stripped = stripped.withFinishedTurns(List.of());
    }
    writes.add(new Effect.Save(new StoredSession(stripped, after.nextEventSeq(), after.timer())));
    return writes;
  }

  /** {@code effects} with each {@code Save} of {@code before}'s session in its stored form. */
  static List<Effect> stored(Loaded before, List<Effect> effects) {
    List<Effect> writes = new ArrayList<>(effects.size() + 2);
    for (Effect effect : effects) {
      if (effect instanceof Effect.Save save) {
        writes.addAll(save(before, save.session()));
      } else {
        writes.add(effect);
      }
    }
    return writes;
  }
}
