package dev.baton.coordinator.topology;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.SessionKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How the {@link CoordinatorStores#TURNS} store keeps the finished turns a session remembers apart
 * from its record once they are more than one page holds ({@link #paged}): in pages of up to {@link
 * #PAGE_TURNS} turns, keyed by the session id and the page number (a turn's ordinal divided by
 * {@link #PAGE_TURNS}), so that a turn's end rewrites one page, not every turn the session
 * remembers. A session's pages are one contiguous range of the store, in the order its turns ended.
 * A session that remembers fewer keeps them in its record, as every record written before pages
 * did, and has no pages, so its decisions read none.
 *
 * <pre>{@code
 * StoredSession record = sessions.get("s-1");
 * if (TurnPages.mayHavePages(record)) {
 *   record = TurnPages.filled(record, TurnPages.read(turns, "s-1"));
 * }
 * }</pre>
 */
public final class TurnPages {

  /** The most turns one page holds. */
  public static final int PAGE_TURNS = 64;

  private TurnPages() {}

  /**
   * Whether a session that remembers {@code turns} keeps them in pages: if they are more than one
   * page holds. Fewer stay in the session's record, which is then no larger than a page.
   */
  public static boolean paged(List<FinishedTurn> turns) {
    return turns.size() > PAGE_TURNS;
  }

  /**
   * Whether the session whose record is {@code record} may have pages: if its record holds no
   * remembered turn. A record that holds some holds them all.
   */
  public static boolean mayHavePages(StoredSession record) {
    return record.state().finishedTurns().isEmpty();
  }

  /** The key of the page that holds the turn of {@code ordinal} of session {@code sessionId}. */
  public static HistoryKey key(String sessionId, long ordinal) {
    return new HistoryKey(sessionId, ordinal / PAGE_TURNS);
  }

  /**
   * The turns in the pages of {@code sessionId}, in the order of their ordinals; none for a key
   * that is not a valid session key, which has no pages.
   */
  public static List<RememberedTurn> read(
      ReadOnlyKeyValueStore<HistoryKey, List<RememberedTurn>> pages, String sessionId) {
    if (!SessionKeys.isValid(sessionId)) {
      return List.of();
    }
    List<RememberedTurn> turns = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, List<RememberedTurn>> range =
        pages.range(HistoryKey.first(sessionId), HistoryKey.last(sessionId))) {
      range.forEachRemaining(page -> turns.addAll(page.value));
    }
    return turns;
  }

  /**
   * {@code record}, a session as its record holds it, with the finished turns of its pages: those
   * the record holds itself if it holds any ({@link #mayHavePages}), else {@code paged}.
   */
  public static StoredSession filled(StoredSession record, List<RememberedTurn> paged) {
    if (paged.isEmpty() || !mayHavePages(record)) {
      return record;
    }
    List<FinishedTurn> turns = paged.stream().map(RememberedTurn::turn).toList();
    return new StoredSession(
        record.state().withFinishedTurns(turns), record.nextEventSeq(), record.timer());
  }
}
