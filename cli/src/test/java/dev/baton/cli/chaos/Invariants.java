package dev.baton.cli.chaos;

import dev.baton.cli.chaos.Violation.Invariant;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnTimedOut;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The invariants the checker holds every workload to, checked on what it left behind ({@link
 * Observations}); see {@link Invariant} for the list.
 *
 * <pre>{@code
 * List<Violation> found = Invariants.check(observations);
 * }</pre>
 */
public final class Invariants {

  private Invariants() {}

  /** Every violation in {@code seen}, session by session; empty if every invariant holds. */
  public static List<Violation> check(Observations seen) {
    List<Violation> found = new ArrayList<>();
    ToolRunCheck tools = new ToolRunCheck(found::add);
    for (String session : new TreeSet<>(seen.sessions())) {
      SessionLogCheck log =
          new SessionLogCheck(session, found::add)
              .walk(seen.events().getOrDefault(session, List.of()));
      compareHistory(session, log, seen.histories().getOrDefault(session, List.of()), found);
      tools.reruns(session, log.toolResults(), seen.runs());
    }
    tools.overlaps(seen.runs());
    eventIds(seen, found);
    timeouts(seen, found);
    if (seen.streamThreadFailures() > 0) {
      found.add(
          new Violation(
              Invariant.STREAM_THREAD_DIED,
              null,
              seen.streamThreadFailures() + " stream thread failure(s) in the coordinator's log"));
    }
    return found;
  }

  private static void compareHistory(
      String session, SessionLogCheck log, List<HistoryMessage> topic, List<Violation> found) {
    List<String> expected = SessionLogCheck.lines(log.history());
    List<String> actual =
        topic.stream().map(m -> m.seq() + "/" + m.turnId() + "/" + m.role()).toList();
    if (!expected.equals(actual)) {
      int at = 0;
      while (at < Math.min(expected.size(), actual.size())
          && expected.get(at).equals(actual.get(at))) {
        at++;
      }
      found.add(
          new Violation(
              Invariant.HISTORY_TOPIC_MISMATCH,
              session,
              "the events leave "
                  + expected.size()
                  + " message(s), the topic holds "
                  + actual.size()
                  + "; first difference at #"
                  + at
                  + ": "
                  + (at < expected.size() ? expected.get(at) : "nothing")
                  + " vs "
                  + (at < actual.size() ? actual.get(at) : "nothing")));
    }
  }

  private static void eventIds(Observations seen, List<Violation> found) {
    Map<String, String> firstUse = new HashMap<>();
    seen.events()
        .forEach(
            (key, events) -> {
              for (SessionEvent event : events) {
                String where =
                    key
                        + "@"
                        + event.getEventSeq()
                        + " "
                        + event.getBody().getClass().getSimpleName();
                String before = firstUse.putIfAbsent(event.getEventId(), where);
                if (before != null) {
                  found.add(
                      new Violation(
                          Invariant.EVENT_ID_REPEATED,
                          key,
                          "event id " + event.getEventId() + " on " + before + " and " + where));
                }
              }
            });
  }

  private static void timeouts(Observations seen, List<Violation> found) {
    for (String session : seen.sessions()) {
      for (SessionEvent event : seen.events().getOrDefault(session, List.of())) {
        if (event.getBody() instanceof TurnTimedOut) {
          String key = Observations.turnKey(session, event.getTurnId());
          Instant submitted = seen.submittedAt().get(key);
          Instant seenAt = seen.timedOutSeenAt().get(key);
          if (submitted != null
              && seenAt != null
              && seenAt.isBefore(submitted.plus(seen.turnDeadline()))) {
            found.add(
                new Violation(
                    Invariant.TURN_TIMED_OUT_EARLY,
                    session,
                    "turn "
                        + event.getTurnId()
                        + " submitted at "
                        + submitted
                        + " had timed out by "
                        + seenAt
                        + ", before its deadline of "
                        + seen.turnDeadline()));
          }
        }
      }
    }
  }
}
