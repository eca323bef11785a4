package dev.baton.cli.chaos;

import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.schemas.avro.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a workload left behind, for the {@link Invariants}: the topics as read after it settled, the
 * tools' own journal, and what the test saw while it ran.
 *
 * @param sessions the workload's session ids
 * @param events every session's events, in topic order, by record key
 * @param histories every session's history as the (compacted) history topic holds it at the end
 * @param runs every tool run of every worker
 * @param submittedAt when the test submitted each turn, by {@link #turnKey}
 * @param timedOutSeenAt when the test first read each {@code TurnTimedOut}, by {@link #turnKey}
 * @param turnDeadline the coordinators' turn deadline
 * @param streamThreadFailures how many times a coordinator's stream thread failed
 */
public record Observations(
    Set<String> sessions,
    Map<String, List<SessionEvent>> events,
    Map<String, List<HistoryMessage>> histories,
    List<ToolRun> runs,
    Map<String, Instant> submittedAt,
    Map<String, Instant> timedOutSeenAt,
    Duration turnDeadline,
    int streamThreadFailures) {

  public Observations {
    sessions = Set.copyOf(sessions);
    events = Map.copyOf(events);
    histories = Map.copyOf(histories);
    runs = List.copyOf(runs);
    submittedAt = Map.copyOf(submittedAt);
    timedOutSeenAt = Map.copyOf(timedOutSeenAt);
  }

  /** The key of turn {@code turnId} of session {@code sessionId} in the maps by turn. */
  public static String turnKey(String sessionId, String turnId) {
    return sessionId + " " + turnId;
  }
}
