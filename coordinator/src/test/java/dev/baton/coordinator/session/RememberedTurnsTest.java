package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session remembers its finished turns within a count and a byte bound, so that its state stays
 * small whatever its turn ids; beyond either, the oldest are forgotten and their ids run again.
 */
class RememberedTurnsTest {

  /** A turn id of 200 ASCII chars: 264 remembered bytes, so 3 fit in 1,000 and 4 do not. */
  private static String longId(int n) {
    return ("t" + n + "-").repeat(100).substring(0, 200);
  }

  @Test
  void shouldForgetTheOldestFinishedTurnsBeyondTheByteBound() {
    Sessions sessions =
        new Sessions(SessionLimits.builder().rememberedTurns(1000).rememberedTurnBytes(1000));
    for (int n = 1; n <= 6; n++) {
      sessions.runTurn(longId(n));
    }

    assertThat(sessions.state.finishedTurns())
        .extracting(FinishedTurn::turnId)
        .containsExactly(longId(4), longId(5), longId(6));
    assertThat(sessions.submit(longId(6))).first().isInstanceOf(DuplicateTurnSubmitted.class);
    assertThat(sessions.submit(longId(3)))
        .as("a forgotten id runs again")
        .anySatisfy(event -> assertThat(event).isInstanceOf(TurnStarted.class));
  }

  @Test
  void shouldStillForgetBeyondTheCountWhenTheBytesFit() {
    Sessions sessions =
        new Sessions(SessionLimits.builder().rememberedTurns(2).rememberedTurnBytes(1 << 20));
    for (int n = 1; n <= 4; n++) {
      sessions.runTurn("t" + n);
    }

    assertThat(sessions.state.finishedTurns())
        .extracting(FinishedTurn::turnId)
        .containsExactly("t3", "t4");
  }

  @Test
  void shouldCountAnIdsUtf8BytesAndAFixedPart() {
    FinishedTurn turn =
        new FinishedTurn("界a", TurnStatus.COMPLETED, java.util.Optional.empty(), NOW);

    assertThat(turn.rememberedBytes()).isEqualTo(4 + FinishedTurn.FIXED_BYTES);
  }

  /** One session driven through the model: each turn submitted, then answered. */
  private static final class Sessions {
    private final SessionModel model;
    private SessionState state = SessionState.empty(SESSION);
    private Instant now = NOW;

    Sessions(SessionLimits.Builder limits) {
      this.model = new SessionModel(limits.build());
    }

    List<SessionEvent> submit(String turnId) {
      return decide(new SubmitTurn(SESSION, turnId, "input", OnBusy.REJECT));
    }

    void runTurn(String turnId) {
      submit(turnId);
      StepAttempt step = state.activeTurn().flatMap(ActiveTurn::assignment).orElseThrow();
      decide(new CompleteStep(SESSION, step, "answer", new Usage(1, 1), "w"));
    }

    private List<SessionEvent> decide(SessionCommand command) {
      now = now.plusMillis(1);
      Decision decision = model.decide(state, command, now);
      state = decision.state();
      return decision.events();
    }
  }
}
