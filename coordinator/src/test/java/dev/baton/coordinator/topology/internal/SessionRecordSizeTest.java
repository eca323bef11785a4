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
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.HistoryKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a decision of a long session writes stays small: the session's remembered turns are bounded
 * in bytes however long their ids are, and a decision writes its record without them and only the
 * pages of them that changed.
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

  /**
   * A decision writes the session's record without its remembered turns, and only the pages of
   * those that changed: at most a few KiB in a session of 1,100 turns, where the record with all of
   * them is over 80 KiB. The stores read back the state the model decided.
   */
  @Test
  void shouldWriteOnlyTheChangedPagesAtEachDecisionOfALongSession() {
    SessionLimits limits = SessionLimits.defaults();
    SessionModel model = new SessionModel(limits);
    StoredSessionSerde serde = new StoredSessionSerde(limits);
    TurnPageSerde pageSerde = new TurnPageSerde();
    Map<String, StoredSession> records = new HashMap<>();
    TreeMap<HistoryKey, List<RememberedTurn>> pages = new TreeMap<>();
    SessionPayloads sessions =
        new SessionPayloads(
            id -> records.getOrDefault(id, StoredSession.empty(id)),
            key -> null,
            id -> pages.values().stream().flatMap(List::stream).toList());
    Instant now = Instant.parse("2026-12-05T12:00:00Z");
    long mostWritten = 0;
    SessionState state = SessionState.empty(SESSION);
    for (int n = 1; n <= 1_100; n++) {
      now = now.plusMillis(10);
      for (int decision = 0; decision < 2; decision++) {
        SessionPayloads.Loaded loaded = sessions.load(SESSION);
        assertThat(loaded.session().state()).isEqualTo(state);
        SessionCommand command =
            state.isIdle()
                ? new SubmitTurn(SESSION, "turn-%015d".formatted(n), "hi", OnBusy.REJECT)
                : new CompleteStep(
                    SESSION,
                    state.activeTurn().flatMap(ActiveTurn::assignment).orElseThrow(),
                    "ok",
                    new Usage(1, 1),
                    "w");
        state = decide(model, state, command, now);
        long written = 0;
        for (Effect write : SessionPayloads.save(loaded, new StoredSession(state, 1))) {
          switch (write) {
            case Effect.Save save -> {
              written += serde.serialize("t", save.session()).length;
              records.put(SESSION, save.session());
            }
            case Effect.PutTurnPage put -> {
              written += pageSerde.serialize("t", put.turns()).length;
              pages.put(put.key(), put.turns());
            }
            case Effect.DeleteTurnPage delete -> pages.remove(delete.key());
            default -> throw new AssertionError("unexpected " + write);
          }
        }
        mostWritten = Math.max(mostWritten, written);
      }
    }

    assertThat(state.finishedTurns()).hasSize(limits.rememberedTurns());
    assertThat(serde.serialize("t", new StoredSession(state, 1)).length)
        .as("the record with every remembered turn in it")
        .isGreaterThan(80 * 1024);
    assertThat(mostWritten).as("the most bytes one decision wrote").isLessThanOrEqualTo(16 * 1024);
    assertThat(sessions.load(SESSION).session().state()).isEqualTo(state);
  }

  private static SessionState decide(
      SessionModel model, SessionState state, SessionCommand command, Instant now) {
    Decision decision = model.decide(state, command, now);
    return decision.state();
  }
}
