package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.assigned;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.clearHistory;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fail;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static dev.baton.coordinator.session.SessionFixture.userMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.coordinator.session.SessionEvent.HistoryCleared;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void shouldNumberHistoryWithoutGaps() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SessionState state = SessionState.empty(SESSION);
    List<SessionEvent> log = new ArrayList<>();
    List<SessionCommand> commands =
        List.of(
            submit("t1", "one"),
            enqueue("t2", "two"),
            answer(attempt("t1", 1, 1, 1), "1!"),
            fail(attempt("t2", 1, 1, 2), true),
            answer(attempt("t2", 1, 2, 3), "2!"));
    for (SessionCommand command : commands) {
      Decision decision = model.decide(state, command, NOW);
      log.addAll(decision.events());
      state = decision.state();
    }
    assertThat(log)
        .filteredOn(MessageAppended.class::isInstance)
        .map(event -> ((MessageAppended) event).message())
        .extracting(Message::seq, Message::role, Message::content)
        .containsExactly(
            tuple(1L, Message.Role.USER, "one"),
            tuple(2L, Message.Role.ASSISTANT, "1!"),
            tuple(3L, Message.Role.USER, "two"),
            tuple(4L, Message.Role.ASSISTANT, "2!"));
  }

  @Test
  void shouldAppendUserMessageWhenTurnStartsNotWhenItIsQueued() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(enqueue("t2", "Next"))
        .expectState(state -> assertThat(state.nextSeq()).isEqualTo(2));
  }

  @Test
  void shouldClearWholeHistoryWhenIdle() {
    fixture()
        .givenCommands(submit("t1", "Hello"), answer(attempt("t1", 1, 1, 1), "Hi!"))
        .when(clearHistory())
        .expect(cleared(1, 3))
        .expectState(state -> assertThat(state.history()).isEqualTo(new HistoryRange(3, 3)));
  }

  @Test
  void shouldKeepTheActiveTurnsMessagesWhenClearing() {
    fixture()
        .givenCommands(
            submit("t1", "Hello"), answer(attempt("t1", 1, 1, 1), "Hi!"), submit("t2", "More"))
        .when(clearHistory())
        .expect(cleared(1, 3))
        .expectState(state -> assertThat(state.history()).isEqualTo(new HistoryRange(3, 4)));
  }

  @Test
  void shouldAnswerClearOfEmptyHistoryWithEmptyRange() {
    fixture().when(clearHistory()).expect(cleared(1, 1));
  }

  @Test
  void shouldNotReuseSequenceNumbersAfterClearing() {
    fixture()
        .givenCommands(submit("t1", "Hello"), answer(attempt("t1", 1, 1, 1), "Hi!"), clearHistory())
        .when(submit("t2", "Fresh start"))
        .expect(
            SessionFixture.accepted("t2", "Fresh start", OnBusy.REJECT),
            started("t2", "Fresh start"),
            userMessage(3, "Fresh start", "t2"),
            assigned(attempt("t2", 1, 1, 2), 3, 4));
  }

  @Test
  void shouldGiveStepTheLatestMessagesAsContext() {
    fixture(SessionLimits.builder().contextMessages(3).build())
        .givenCommands(
            submit("t1", "one"),
            answer(attempt("t1", 1, 1, 1), "1!"),
            submit("t2", "two"),
            answer(attempt("t2", 1, 1, 2), "2!"))
        .when(submit("t3", "three"))
        .expect(
            SessionFixture.accepted("t3", "three", OnBusy.REJECT),
            started("t3", "three"),
            userMessage(5, "three", "t3"),
            assigned(attempt("t3", 1, 1, 3), 3, 6));
  }

  @Test
  void shouldKeepTheWholeActiveTurnInContext() {
    MessageAppended toolOutput =
        new MessageAppended(SESSION, new Message(2, Message.Role.TOOL, "file body", "t1"), NOW);
    fixture(SessionLimits.builder().contextMessages(1).build())
        .given(running("t1", "Hello", 1, 1))
        .given(toolOutput)
        .when(fail(attempt("t1", 1, 1, 1), true))
        .expect(
            SessionFixture.stepFailed(attempt("t1", 1, 1, 1), true, true),
            assigned(attempt("t1", 1, 2, 2), 1, 3, 1));
  }

  private static HistoryCleared cleared(long fromSeq, long toSeq) {
    return new HistoryCleared(SESSION, new HistoryRange(fromSeq, toSeq), NOW);
  }
}
