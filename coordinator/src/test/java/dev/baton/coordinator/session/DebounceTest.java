package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionResumed;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A submit's debounce: the turn starts, but its first agent step waits so that a burst of inputs
 * (steered or merged) reaches that one step, each as a user message of its own.
 */
class DebounceTest {

  private static final Duration DEBOUNCE = Duration.ofMillis(800);
  private static final Instant OVER = NOW.plus(DEBOUNCE).plusMillis(1);

  @Test
  void shouldStartTheTurnAndHoldItsFirstStepUntilTheDebounceIsOver() {
    SessionFixture.Then then =
        fixture()
            .when(debounced("t1", "hello"))
            .expectTypes(
                TurnAccepted.class, TurnStarted.class, MessageAppended.class, DispatchHeld.class);
    DispatchHeld held = then.event(3, DispatchHeld.class);
    assertThat(held.assignment()).isEqualTo(attempt("t1", 1, 1, 1));
    assertThat(held.until()).contains(NOW.plus(DEBOUNCE));
    assertThat(SessionTimers.nextDue(then.after(), SessionLimits.defaults()))
        .contains(NOW.plus(DEBOUNCE));
  }

  @Test
  void shouldGiveTheFirstStepEveryInputMergedOrSteeredMeanwhileInOrder() {
    SessionFixture session = fixture().givenCommands(debounced("t1", "first"));
    session.when(merge("t2", "second")).expectTypes(TurnAccepted.class, TurnSteered.class);
    session.givenCommands(merge("t2", "second"), steer("t3", "third"));
    assertThat(session.when(new CheckTimers(SESSION), NOW.plus(DEBOUNCE).minusMillis(1)).events())
        .as("not over yet")
        .isEmpty();

    SessionFixture.Then then =
        session
            .when(new CheckTimers(SESSION), OVER)
            .expectTypes(MessageAppended.class, MessageAppended.class, StepAssigned.class);
    assertThat(then.event(0, MessageAppended.class).message().content()).isEqualTo("second");
    assertThat(then.event(1, MessageAppended.class).message().content()).isEqualTo("third");
    StepAssigned first = then.event(2, StepAssigned.class);
    assertThat(first.assignment().step()).isEqualTo(1);
    assertThat(first.delivered()).extracting(SteeredMessage::messageId).containsExactly("t2", "t3");
    assertThat(first.context().toSeq())
        .as("one step sees the three inputs as separate user messages")
        .isEqualTo(4);
  }

  @Test
  void shouldTreatTheDebouncingTurnAsRunningForEveryOtherBusyPolicy() {
    fixture()
        .givenCommands(debounced("t1", "first"))
        .when(new SubmitTurn(SESSION, "t2", "other", OnBusy.REJECT))
        .expectTypes(TurnRejected.class);
  }

  @Test
  void shouldKeepTheStepHeldOnAResumeBeforeTheDebounceIsOverAndSendItOnAResumeAfter() {
    SessionFixture session =
        fixture()
            .givenCommands(debounced("t1", "first"), new PauseSession(SESSION, Optional.empty()));
    session.when(new ResumeSession(SESSION, Optional.empty())).expectTypes(SessionResumed.class);
    assertThat(session.when(new CheckTimers(SESSION), OVER).events())
        .as("paused: the timer sends nothing")
        .isEmpty();
    session
        .when(new ResumeSession(SESSION, Optional.empty()), OVER)
        .expectTypes(SessionResumed.class, StepAssigned.class);
  }

  @Test
  void shouldSendTheFirstStepAtOnceWithoutADebounce() {
    fixture()
        .when(new SubmitTurn(SESSION, "t1", "hello", OnBusy.MERGE))
        .expectTypes(
            TurnAccepted.class, TurnStarted.class, MessageAppended.class, StepAssigned.class);
  }

  private static SubmitTurn debounced(String turnId, String input) {
    return new SubmitTurn(
        SESSION, turnId, input, OnBusy.MERGE, Optional.empty(), Map.of(), Optional.of(DEBOUNCE));
  }

  private static SubmitTurn merge(String turnId, String input) {
    return new SubmitTurn(SESSION, turnId, input, OnBusy.MERGE);
  }

  private static SubmitTurn steer(String turnId, String input) {
    return new SubmitTurn(SESSION, turnId, input, OnBusy.STEER);
  }
}
