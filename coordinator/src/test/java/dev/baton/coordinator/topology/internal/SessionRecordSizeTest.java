package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.Decision;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionModel;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.Usage;
import dev.baton.coordinator.topology.StoredSession;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A session's stored record, which every decision writes again, stays small however long its turn
 * ids are: 1,100 turns whose ids are the longest allowed, in three-byte characters, under the
 * default limits.
 */
class SessionRecordSizeTest {

  private static final String SESSION = "s-long-ids";

  /** The longest turn id: 256 chars of three UTF-8 bytes each, numbered so each is new. */
  private static String longestId(int n) {
    String number = Integer.toString(n);
    return number + "界".repeat(SessionLimits.MAX_TURN_ID_CHARS - number.length());
  }

  @Test
  void shouldKeepTheRecordWithinTheRememberedTurnBytesWhateverTheTurnIds() {
    SessionLimits limits = SessionLimits.defaults();
    SessionModel model = new SessionModel(limits);
    StoredSessionSerde serde = new StoredSessionSerde(limits);
    SessionState state = SessionState.empty(SESSION);
    Instant now = Instant.parse("2026-12-05T12:00:00Z");
    for (int n = 1; n <= 1_100; n++) {
      now = now.plusMillis(10);
      state = decide(model, state, new SubmitTurn(SESSION, longestId(n), "hi", OnBusy.REJECT), now);
      StepAttempt step = state.activeTurn().flatMap(ActiveTurn::assignment).orElseThrow();
      state =
          decide(model, state, new CompleteStep(SESSION, step, "ok", new Usage(1, 1), "w"), now);
    }

    int bytes = serde.serialize("t", new StoredSession(state, 1)).length;
    assertThat(bytes)
        .as("the record with %d remembered turns", state.finishedTurns().size())
        .isLessThanOrEqualTo(SessionLimits.DEFAULT_REMEMBERED_TURN_BYTES + 1024);
    assertThat(state.finishedTurns())
        .as("the newest turns are remembered")
        .hasSizeGreaterThan(100)
        .last()
        .satisfies(turn -> assertThat(turn.turnId()).isEqualTo(longestId(1_100)));
  }

  private static SessionState decide(
      SessionModel model, SessionState state, SessionCommand command, Instant now) {
    Decision decision = model.decide(state, command, now);
    return decision.state();
  }
}
