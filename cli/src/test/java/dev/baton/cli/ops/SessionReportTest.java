package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SessionReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldShowStateTurnsAndLastEvents() throws Exception {
    JsonNode session =
        JSON.readTree(
            """
            {"sessionId": "chat-42", "status": "BUSY",
             "activeTurn": {"turnId": "t-2", "status": "RUNNING",
                            "startedAt": "2025-06-01T10:00:03Z", "step": 1},
             "queuedTurns": [{"turnId": "t-3", "position": 1, "queuedAt": "2025-06-01T10:00:04Z"}],
             "recentTurns": [{"turnId": "t-1", "status": "COMPLETED"}],
             "history": {"fromSeq": 1, "nextSeq": 4}, "nextEventSeq": 12}
            """);
    JsonNode events =
        JSON.readTree(
            """
            {"sessionId": "chat-42", "events": [
              {"eventSeq": 11, "eventId": "e", "type": "TurnQueued", "turnId": "t-3",
               "occurredAt": "2025-06-01T10:00:04Z", "causationId": null,
               "body": {"position": 0}}],
             "nextFrom": null}
            """);

    assertThat(SessionReport.lines(session, events))
        .containsExactly(
            "session chat-42  BUSY  history seq 1..3  next event #12",
            "active  t-2 RUNNING step 1 since 2025-06-01T10:00:03Z",
            "queued  1. t-3 since 2025-06-01T10:00:04Z",
            "recent  t-1 COMPLETED",
            "last 1 event",
            "  2025-06-01T10:00:04Z chat-42 #11 TurnQueued turn=t-3 position=0");
    assertThat(SessionReport.firstEventSeq(session, 10)).isEqualTo(2);
    assertThat(SessionReport.firstEventSeq(session, 50)).isZero();
  }

  @Test
  void shouldSayWhenNothingRuns() throws Exception {
    JsonNode session =
        JSON.readTree(
            """
            {"sessionId": "s", "status": "IDLE", "activeTurn": null, "queuedTurns": [],
             "recentTurns": [], "history": {"fromSeq": 0, "nextSeq": 0}, "nextEventSeq": 0}
            """);

    assertThat(SessionReport.lines(session, JSON.createObjectNode()))
        .containsExactly(
            "session s  IDLE  no history  next event #0",
            "active  none",
            "recent  none",
            "last 0 events");
  }
}
