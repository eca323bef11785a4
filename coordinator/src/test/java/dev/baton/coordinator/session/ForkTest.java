package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.clearHistory;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.ForkSession;
import dev.baton.coordinator.session.SessionCommand.RefuseFork;
import dev.baton.coordinator.session.SessionCommand.RefuseOversizeOutcome;
import dev.baton.coordinator.session.SessionCommand.SeedFork;
import dev.baton.coordinator.session.SessionEvent.ForkRefused;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionForked;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForkTest {

  private static final String FORK = "s-2";

  /** The source's history after two completed turns: q1, a1, q2, a2 at seqs 1 to 4. */
  private static final List<Message> HISTORY =
      List.of(
          new Message(1, Message.Role.USER, "q1", "t1"),
          new Message(2, Message.Role.ASSISTANT, "a1", "t1"),
          new Message(3, Message.Role.USER, "q2", "t2"),
          new Message(4, Message.Role.ASSISTANT, "a2", "t2"));

  private final SessionModel model = new SessionModel(SessionLimits.defaults());

  private static SessionFixture twoTurns() {
    return fixture()
        .givenCommands(
            submit("t1", "q1"),
            answer(attempt("t1", 1, 1, 1), "a1"),
            submit("t2", "q2"),
            answer(attempt("t2", 1, 1, 2), "a2"));
  }

  private static ForkSession fork(long atSeq) {
    return new ForkSession(SESSION, FORK, atSeq);
  }

  private static SeedFork seed(long atSeq) {
    return new SeedFork(FORK, SESSION, atSeq, HISTORY.subList(0, (int) atSeq));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 4})
  void shouldForkAtTheFirstAMiddleAndTheLastSeqWithoutChangingTheSource(long atSeq) {
    twoTurns()
        .when(fork(atSeq))
        .expect(
            new SessionForked(SESSION, SESSION, FORK, atSeq, new HistoryRange(1, atSeq + 1), NOW))
        .expectNoStateChange();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 4})
  void shouldSeedAnEmptyForkWithTheSourcesPrefix(long atSeq) {
    Decision seeded = model.decide(SessionState.empty(FORK), seed(atSeq), NOW);

    assertThat(seeded.events().getFirst())
        .isEqualTo(
            new SessionForked(FORK, SESSION, FORK, atSeq, new HistoryRange(1, atSeq + 1), NOW));
    assertThat(seeded.events().subList(1, seeded.events().size()))
        .map(event -> ((MessageAppended) event).message())
        .containsExactlyElementsOf(HISTORY.subList(0, (int) atSeq));
    assertThat(seeded.state().history()).isEqualTo(new HistoryRange(1, atSeq + 1));
    assertThat(seeded.state().isIdle()).isTrue();
    assertThat(seeded.state().finishedTurns()).isEmpty();
  }

  @Test
  void shouldGoOnFromTheForkedSeqOnTheFork() {
    SessionState fork = model.decide(SessionState.empty(FORK), seed(2), NOW).state();

    Decision turn =
        model.decide(fork, new SessionCommand.SubmitTurn(FORK, "t2", "other", OnBusy.REJECT), NOW);

    assertThat(turn.events())
        .filteredOn(MessageAppended.class::isInstance)
        .map(event -> ((MessageAppended) event).message().seq())
        .containsExactly(3L);
    assertThat(turn.events().get(1)).isInstanceOf(TurnStarted.class);
  }

  @Test
  void shouldForkOnlyTheSettledHistoryWhileATurnRuns() {
    SessionFixture running =
        fixture()
            .givenCommands(
                submit("t1", "q1"), answer(attempt("t1", 1, 1, 1), "a1"), submit("t2", "q2"));

    running
        .when(fork(2))
        .expect(new SessionForked(SESSION, SESSION, FORK, 2, new HistoryRange(1, 3), NOW))
        .expectNoStateChange();
    ForkRefused refused = running.when(fork(3)).event(0, ForkRefused.class);
    assertThat(refused.refusal()).isEqualTo(ForkRefusal.SEQ_OUT_OF_RANGE);
    assertThat(refused.detail()).contains("[1, 2]").contains("turn t2");
  }

  @Test
  void shouldRefuseASeqOutsideTheRetainedHistory() {
    assertThat(twoTurns().when(fork(5)).event(0, ForkRefused.class).refusal())
        .isEqualTo(ForkRefusal.SEQ_OUT_OF_RANGE);
    assertThat(twoTurns().when(fork(0)).event(0, ForkRefused.class).refusal())
        .isEqualTo(ForkRefusal.SEQ_OUT_OF_RANGE);
    twoTurns()
        .givenCommands(clearHistory())
        .when(fork(4))
        .expect(
            new ForkRefused(
                SESSION,
                SESSION,
                FORK,
                4,
                ForkRefusal.SEQ_OUT_OF_RANGE,
                "atSeq 4 is not in [5, 4]",
                NOW))
        .expectNoStateChange();
  }

  @Test
  void shouldRefuseAnUnknownSource() {
    fixture()
        .when(fork(1))
        .expect(
            new ForkRefused(
                SESSION,
                SESSION,
                FORK,
                1,
                ForkRefusal.SOURCE_NOT_FOUND,
                "session s-1 has no history",
                NOW))
        .expectNoStateChange();
  }

  @Test
  void shouldRefuseToForkASessionIntoItself() {
    twoTurns()
        .when(new ForkSession(SESSION, SESSION, 1))
        .expectTypes(ForkRefused.class)
        .expectNoStateChange();
  }

  @Test
  void shouldRefuseASeedWhenTheForkAlreadyExists() {
    SessionState existing =
        model
            .decide(
                SessionState.empty(FORK),
                new SessionCommand.SubmitTurn(FORK, "t9", "mine", OnBusy.REJECT),
                NOW)
            .state();

    Decision refused = model.decide(existing, seed(2), NOW);

    assertThat(refused.events()).hasSize(1);
    ForkRefused event = (ForkRefused) refused.events().getFirst();
    assertThat(event.refusal()).isEqualTo(ForkRefusal.FORK_EXISTS);
    assertThat(event.atFork()).isTrue();
    assertThat(refused.state()).isEqualTo(existing);
  }

  @Test
  void shouldRefuseASecondSeed() {
    SessionState forked = model.decide(SessionState.empty(FORK), seed(2), NOW).state();

    Decision again = model.decide(forked, seed(4), NOW);

    assertThat(((ForkRefused) again.events().getFirst()).refusal())
        .isEqualTo(ForkRefusal.FORK_EXISTS);
    assertThat(again.state()).isEqualTo(forked);
  }

  @Test
  void shouldRecordTheSourcesRefusalOnTheFork() {
    var refusal = new RefuseFork(FORK, SESSION, 9, ForkRefusal.SEQ_OUT_OF_RANGE, "not in [1, 4]");

    Decision decision = model.decide(SessionState.empty(FORK), refusal, NOW);

    assertThat(decision.events())
        .containsExactly(
            new ForkRefused(
                FORK, SESSION, FORK, 9, ForkRefusal.SEQ_OUT_OF_RANGE, "not in [1, 4]", NOW));
    assertThat(decision.state()).isEqualTo(SessionState.empty(FORK));
  }

  @Test
  void shouldRefuseAForkWhoseHistoryIsTooLargeForOneRecord() {
    String detail = "needs a command record (Command SeedFork) of 2000000 bytes";

    ForkRefused refused =
        twoTurns()
            .when(new RefuseOversizeOutcome(SESSION, fork(4), detail))
            .expectNoStateChange()
            .event(0, ForkRefused.class);

    assertThat(refused.refusal()).isEqualTo(ForkRefusal.HISTORY_TOO_LARGE);
    assertThat(refused.detail()).contains("up to seq 4").contains(detail);
    assertThat(refused.atFork()).isFalse();
  }
}
