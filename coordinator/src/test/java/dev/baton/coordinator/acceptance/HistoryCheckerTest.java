package dev.baton.coordinator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.example.EchoAgent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

  private final HistoryChecker checker = HistoryChecker.forAgent(EchoAgent::answerTo);

  /** A session's history and events as the coordinator writes them for one-step turns. */
  private static final class Session {
    final List<HistoryMessage> history = new ArrayList<>();
    final List<EventSummary> events = new ArrayList<>();

    Session event(String type, String turnId, Long seq) {
      events.add(new EventSummary(events.size(), type, turnId, seq));
      return this;
    }

    Session message(String role, String content, String turnId) {
      long seq = history.size() + 1;
      history.add(new HistoryMessage(seq, role, content, turnId));
      return event("MessageAppended", turnId, seq);
    }

    Session start(String turnId, String input) {
      event("TurnStarted", turnId, null);
      return message("USER", input, turnId).event("StepAssigned", turnId, null);
    }

    Session complete(String turnId, String input) {
      event("StepCompleted", turnId, null).event("UsageRecorded", turnId, null);
      message("ASSISTANT", EchoAgent.answerTo(input), turnId);
      return event("TurnCompleted", turnId, (long) history.size());
    }

    Session turn(String turnId, String input) {
      event("TurnAccepted", turnId, null);
      return start(turnId, input).complete(turnId, input);
    }
  }

  @Test
  void shouldReturnTheTurnsOfAValidSessionInOrder() {
    Session session =
        new Session().turn("t-1", "a").event("TurnRejected", "t-9", null).turn("t-2", "b");

    List<HistoryChecker.Turn> turns = checker.check("s", session.history, session.events);

    assertThat(turns)
        .containsExactly(
            new HistoryChecker.Turn("t-1", "a", "echo: a"),
            new HistoryChecker.Turn("t-2", "b", "echo: b"));
  }

  @Test
  void shouldAcceptAQueuedTurnThatStartsWhenTheActiveOneEnds() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.event("TurnAccepted", "t-2", null).event("TurnQueued", "t-2", null);
    session.complete("t-1", "a").start("t-2", "b").complete("t-2", "b");

    assertThat(checker.check("s", session.history, session.events))
        .extracting(HistoryChecker.Turn::turnId)
        .containsExactly("t-1", "t-2");
  }

  @Test
  void shouldReportATurnStartedWhileAnotherIsActive() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.event("TurnAccepted", "t-2", null).start("t-2", "b");
    session.complete("t-2", "b");

    assertThatThrownBy(() -> checker.checkEvents("s", session.events))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("turn t-2 started at eventSeq")
        .hasMessageContaining("while turn t-1 was active");
  }

  @Test
  void shouldReportAGapInTheHistory() {
    Session session = new Session().turn("t-1", "a");
    session.history.set(1, new HistoryMessage(3, "ASSISTANT", "echo: a", "t-1"));

    assertThatThrownBy(() -> checker.check("s", session.history, session.events))
        .hasMessageContaining("message #1 has seq 3, expected 2");
  }

  @Test
  void shouldReportAGapInTheEvents() {
    Session session = new Session().turn("t-1", "a");
    session.events.remove(3);

    assertThatThrownBy(() -> checker.checkEvents("s", session.events))
        .hasMessageContaining("has eventSeq 4, expected 3");
  }

  @Test
  void shouldReportASecondTurnWithTheSameId() {
    Session session = new Session().turn("t-1", "a").turn("t-1", "a");

    assertThatThrownBy(() -> checker.check("s", session.history, session.events))
        .hasMessageContaining("turn t-1 accepted twice")
        .hasMessageContaining("turn t-1 started twice")
        .hasMessageContaining("turn t-1 has a second USER message at seq 3");
  }

  @Test
  void shouldReportATurnWhoseMessagesAreNotTogether() {
    Session session = new Session().turn("t-1", "a").turn("t-2", "b");
    session.history.set(2, new HistoryMessage(3, "USER", "b", "t-1"));

    assertThatThrownBy(() -> checker.check("s", session.history, session.events))
        .hasMessageContaining("turn t-2 starts with a ASSISTANT message at 4")
        .hasMessageContaining("turn t-1 has a second USER message at seq 3");
  }

  @Test
  void shouldReportAnAnswerThatDoesNotMatchTheInput() {
    Session session = new Session().turn("t-1", "a");
    session.history.set(1, new HistoryMessage(2, "ASSISTANT", "echo: b", "t-1"));

    assertThatThrownBy(() -> checker.check("s", session.history, session.events))
        .hasMessageContaining("turn t-1 answered 'echo: b' to 'a', expected 'echo: a'");
  }

  @Test
  void shouldReportAnAcceptedTurnThatNeverEnded() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");

    assertThatThrownBy(() -> checker.check("s", session.history, session.events))
        .hasMessageContaining("turn t-1 is still active")
        .hasMessageContaining("accepted turn t-1 never ended");
    assertThat(checker.allowingUnfinishedTurns().check("s", session.history, session.events))
        .containsExactly(new HistoryChecker.Turn("t-1", "a", null));
  }

  @Test
  void shouldReportAMessageWithoutItsEvent() {
    Session session = new Session().turn("t-1", "a");
    session.history.add(new HistoryMessage(3, "USER", "stray", "t-1"));

    assertThatThrownBy(() -> checker.check("s", session.history, session.events))
        .hasMessageContaining("MessageAppended events name");
  }

  @Test
  void shouldReportTurnsThatStartOutOfAcceptanceOrder() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.event("TurnAccepted", "t-2", null).event("TurnQueued", "t-2", null);
    session.event("TurnAccepted", "t-3", null).event("TurnQueued", "t-3", null);
    session.complete("t-1", "a").start("t-3", "c").complete("t-3", "c");
    session.start("t-2", "b").complete("t-2", "b");

    assertThatThrownBy(() -> checker.checkEvents("s", session.events))
        .hasMessageContaining("not as accepted");
  }
}
