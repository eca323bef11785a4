package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which finished turns a session remembers after a turn's end: those that ended at or after {@code
 * since}, the latest {@code turns} of them, and of those the latest that fit in {@code bytes} (see
 * {@link FinishedTurn#rememberedBytes()}).
 *
 * @param since the earliest end still remembered (the turn-id window)
 * @param turns the most finished turns remembered
 * @param bytes the most bytes of finished turns remembered
 */
record Remembering(Instant since, int turns, long bytes) {

  /**
   * {@code remembered} (oldest first) with {@code ended} added after them; an earlier turn of an
   * ended turn's id is dropped.
   */
  List<FinishedTurn> apply(List<FinishedTurn> remembered, List<FinishedTurn> ended) {
    List<String> ids = ended.stream().map(FinishedTurn::turnId).toList();
    List<FinishedTurn> all = new ArrayList<>();
    for (FinishedTurn turn : remembered) {
      if (!turn.endedAt().isBefore(since) && !ids.contains(turn.turnId())) {
        all.add(turn);
      }
    }
    all.addAll(ended);
    int from = Math.max(0, all.size() - turns);
    long kept = 0;
    for (int i = all.size() - 1; i >= from; i--) {
      kept += all.get(i).rememberedBytes();
      if (kept > bytes) {
        from = i + 1;
        break;
      }
    }
    return List.copyOf(all.subList(from, all.size()));
  }
}
