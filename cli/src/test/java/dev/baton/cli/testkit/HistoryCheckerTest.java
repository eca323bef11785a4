package dev.baton.cli.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.example.EchoAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @Test
  void shouldReturnNoViolationsForAValidSession() {
    Session session = new Session().turn("t-1", "a").turn("t-2", "b");

    assertThat(checker.violations(session.history, session.events)).isEmpty();
  }

  @Test
  void shouldReturnEveryViolationAsASentence() {
    Session session = new Session().turn("t-1", "a");
    session.history.set(1, new HistoryMessage(2, "ASSISTANT", "echo: b", "t-1"));
    session.events.remove(0);

    assertThat(checker.violations(session.history, session.events))
        .contains(
            "event #0 has eventSeq 1, expected 0",
            "turn t-1 started without TurnAccepted at 1",
            "turn t-1 answered 'echo: b' to 'a', expected 'echo: a'");
  }

  @Test
  void shouldReportAnEndEventOfATurnThatIsNotActive() {
    Session session = new Session().turn("t-1", "a").event("TurnCancelled", "t-1", null);

    assertThat(checker.violations(session.history, session.events))
        .containsExactly("TurnCancelled of turn t-1 at eventSeq 8 but the active turn is null");
  }

  @Test
  void shouldReportATurnQueuedBeforeItWasAccepted() {
    Session session = new Session().event("TurnQueued", "t-1", null).turn("t-1", "a");

    assertThat(checker.violations(session.history, session.events))
        .contains("turn t-1 queued without TurnAccepted at 0");
  }

  @Test
  void shouldReportASecondBlockOfATurn() {
    Session session = new Session().turn("t-1", "a").turn("t-2", "b");
    session.message("ASSISTANT", "late", "t-1");

    assertThat(checker.violations(session.history, session.events))
        .contains("turn t-1 has a second block of messages at seq 5");
  }

  @Test
  void shouldReportADuplicatedAnswer() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.message("ASSISTANT", "echo: a", "t-1");
    session.complete("t-1", "a");

    assertThat(checker.violations(session.history, session.events))
        .containsExactly(
            "turn t-1 has an ASSISTANT message at seq 3 right after another one with the same"
                + " content");
  }

  @Test
  void shouldReportADuplicatedToolResult() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.message("ASSISTANT", "", "t-1");
    session.history.add(new HistoryMessage(3, "TOOL", "a=1", "t-1", "call-1"));
    session.event("MessageAppended", "t-1", 3L);
    session.history.add(new HistoryMessage(4, "TOOL", "a=1", "t-1", "call-1"));
    session.event("MessageAppended", "t-1", 4L);
    session.complete("t-1", "a");

    assertThat(checker.violations(session.history, session.events))
        .containsExactly("tool call call-1 of turn t-1 has a second result at seq 4");
  }

  @Test
  void shouldReportACompletedTurnWithoutAnAnswer() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.event("TurnCompleted", "t-1", 1L);

    assertThat(checker.violations(session.history, session.events))
        .containsExactly("completed turn t-1 does not end with an answer");
  }

  @Test
  void shouldReportAHistoryInAnotherOrderThanTheTurnsStarted() {
    Session first = new Session().turn("t-1", "a").turn("t-2", "b");
    Session swapped = new Session().turn("t-2", "b").turn("t-1", "a");

    assertThat(checker.violations(swapped.history, first.events))
        .contains("the history's turns are [t-2, t-1] but the turns started were [t-1, t-2]");
  }

  @Test
  void shouldReportAnAnswerSeqThatIsNotTheAnswer() {
    Session session = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    session.event("StepCompleted", "t-1", null);
    session.message("ASSISTANT", "echo: a", "t-1").event("TurnCompleted", "t-1", 1L);

    assertThat(checker.violations(session.history, session.events))
        .containsExactly("TurnCompleted of t-1 names answerSeq 1 but the turn's last message is 2");
  }

  @Test
  void shouldSumUpManySessionsAndNameTheSessionOfEachViolation() {
    Session clean = new Session().turn("t-1", "a");
    Session retried = new Session().event("TurnAccepted", "t-1", null).start("t-1", "a");
    retried.events.add(new EventSummary(retried.events.size(), "StepAssigned", "t-1", null, 1));
    retried.complete("t-1", "a");
    Session unfinished = new Session().event("TurnAccepted", "t-1", null);

    HistoryReport report =
        checker.checkAll(
            Map.of("s-1", clean.history, "s-2", retried.history, "s-3", unfinished.history),
            Map.of("s-1", clean.events, "s-2", retried.events, "s-3", unfinished.events));

    assertThat(report.sessions()).isEqualTo(3);
    assertThat(report.acceptedTurns()).isEqualTo(3);
    assertThat(report.completedTurns()).isEqualTo(2);
    assertThat(report.retriedSteps())
        .containsExactly("session s-2 turn t-1 attempt 1 (eventSeq 4)");
    assertThat(report.violations()).containsExactly("session s-3: accepted turn t-1 never ended");
    assertThatThrownBy(report::assertClean)
        .hasMessageContaining("1 violation(s) in 3 session(s)")
        .hasMessageContaining("session s-3: accepted turn t-1 never ended");
  }

  @Test
  void shouldReportASessionWithHistoryButNoEvents() {
    Session session = new Session().turn("t-1", "a");

    HistoryReport report = checker.checkAll(Map.of("s", session.history), Map.of());

    assertThat(report.violations())
        .anyMatch(v -> v.startsWith("session s: MessageAppended events name []"));
  }
}
