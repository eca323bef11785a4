package dev.baton.coordinator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnStarted;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedFilterTest {

  private static final String SESSION = "s-1";

  private final FedRecords records = new FedRecords(SESSION);

  @Test
  void shouldSendEveryTurnOfTheSessionWithItsIdAndEachTurnsDeltas() {
    turnOne();
    event("t-2", new TurnStarted(null));
    event("t-2", assigned(0, 0, 9));
    delta("t-2", 9, "c");
    event("t-2", new StepCompleted(0, 0, "w-1", 0));
    event("t-2", new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start(0));

    assertThat(sent)
        .extracting(e -> e.data().get("turnId") + " " + e.type())
        .containsExactly(
            "t-1 turn.started",
            "t-1 step.started",
            "t-1 delta",
            "t-1 delta",
            "t-1 step.completed",
            "t-1 turn.ended",
            "t-2 turn.started",
            "t-2 step.started",
            "t-2 delta",
            "t-2 step.completed",
            "t-2 turn.ended");
    assertThat(FedRecords.texts(sent)).containsExactly("a", "b", "c");
    assertThat(sent).noneMatch(TurnStreamEvent::terminal);
  }

  @Test
  void shouldShowAQueuedTurnWhileAnotherRuns() {
    event("t-1", new TurnStarted(null));
    event("t-1", assigned(0, 0, 7));
    event("t-2", new TurnQueued(1));
    delta("t-1", 7, "a");

    List<TurnStreamEvent> sent = run(start(0));

    assertThat(sent)
        .extracting(e -> e.data().get("turnId") + " " + e.type())
        .containsExactly("t-1 turn.started", "t-1 step.started", "t-2 turn.queued", "t-1 delta");
  }

  @Test
  void shouldDropAZombiesDeltasAcrossTurnsByItsOlderToken() {
    event("t-1", assigned(0, 0, 7));
    event("t-1", FedRecords.failed(0, 0, 7));
    event("t-1", new TurnCompleted(1, null, null));
    event("t-2", assigned(0, 0, 8));
    delta("t-1", 7, "zombie of the first turn");
    delta("t-2", 8, "second turn");
    delta("t-2", -1, "a worker that sends no token");

    List<TurnStreamEvent> sent = run(start(0));

    assertThat(FedRecords.texts(sent)).containsExactly("second turn");
  }

  @Test
  void shouldHoldADeltaOfANewerAttemptUntilItStartsThenKeepTheOrder() {
    event("t-1", assigned(0, 0, 7));
    delta("t-2", 8, "early");
    delta("t-2", 8, "next");
    event("t-1", new StepCompleted(0, 0, "w-1", 0));
    event("t-2", assigned(0, 0, 8));

    List<TurnStreamEvent> sent = run(start(0));

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("step.started", "step.completed", "step.started", "delta", "delta");
    assertThat(FedRecords.texts(sent)).containsExactly("early", "next");
  }

  @Test
  void shouldShowNoDeltaOfAttemptsThatEndedBeforeTheFeedStarted() {
    delta("t-1", 7, "late output of a turn that ended");
    event("t-2", assigned(0, 0, 8));
    delta("t-2", 8, "new");

    List<TurnStreamEvent> sent = run(start(7));

    assertThat(FedRecords.texts(sent)).containsExactly("new");
  }

  @Test
  void shouldSayWhenALaterRunOfTheAttemptTakesOverAndDropTheEarlierRunsDeltas() {
    event("t-1", assigned(0, 0, 7));
    delta("t-1", 7, 1, "first run");
    delta("t-1", 7, 2, "second run");
    delta("t-1", 7, 1, "first run, still going");
    delta("t-1", 7, 2, "second run again");

    List<TurnStreamEvent> sent = run(start(0));

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("step.started", "delta", "step.restarted", "delta", "delta");
    assertThat(sent.get(2).data()).containsEntry("turnId", "t-1").containsEntry("delivery", 2);
    assertThat(FedRecords.texts(sent))
        .containsExactly("first run", "second run", "second run again");
    for (int cut = 0; cut < sent.size(); cut++) {
      FeedCursor resumeAt = FeedCursor.parse(sent.get(cut).cursor().format(), SESSION);
      assertThat(run(resumeAt)).as("after %d", cut).isEqualTo(sent.subList(cut + 1, sent.size()));
    }
  }

  @Test
  void shouldShowNoEventOfATurnThatHadEndedWhenAnIdleSessionsFeedStarted() {
    event("t-0", new StepCompleted(0, 0, "w-1", 0)); // still committing when the feed started
    event("t-0", new TurnCompleted(1, null, null));
    event("t-1", new TurnStarted(null));

    List<TurnStreamEvent> sent =
        records.run(sink -> new FeedFilter(start(7), null, Set.of("t-0"), sink));

    assertThat(sent)
        .extracting(e -> e.data().get("turnId") + " " + e.type())
        .containsExactly("t-1 turn.started");
  }

  @Test
  void shouldResumeAfterAnyEventWithTheRestOnce() {
    turnOne();
    List<TurnStreamEvent> whole = run(start(0));

    for (int cut = 0; cut < whole.size(); cut++) {
      FeedCursor resumeAt = (FeedCursor) whole.get(cut).cursor();
      FeedCursor reparsed = FeedCursor.parse(resumeAt.format(), SESSION);
      List<TurnStreamEvent> rest = run(reparsed);
      assertThat(rest).as("after event %d", cut).isEqualTo(whole.subList(cut + 1, whole.size()));
    }
  }

  @Test
  void shouldRefuseIdsOfOtherSessionsAndOfTurnStreams() {
    FeedCursor cursor = start(3);
    String id = cursor.format();

    assertThat(FeedCursor.parse(id, SESSION)).isEqualTo(cursor);
    assertThat(id).startsWith("f1.").endsWith(".3.0.c");
    assertInvalid(id, "s-2", "another session");
    assertInvalid(TurnCursor.before(SESSION, "t-1", 0, 0).format(), SESSION, "not an event id");
    assertInvalid(id.replace(".3.0.c", ".-3.0.c"), SESSION, "negative");
    assertInvalid(id.replace(".3.0.c", ".3.-1.c"), SESSION, "negative");
    assertInvalid(id.replace(".3.0.c", ".3.0.x"), SESSION, "attempt state");
  }

  private static void assertInvalid(String text, String sessionId, String message) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedCursor.parse(text, sessionId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private void turnOne() {
    event("t-1", new TurnStarted(null));
    event("t-1", assigned(0, 0, 7));
    delta("t-1", 7, "a");
    delta("t-1", 7, "b");
    event("t-1", new StepCompleted(0, 0, "w-1", 0));
    delta("t-1", 7, "after its end");
    event("t-1", new TurnCompleted(1, null, null));
  }

  private FeedCursor start(long token) {
    return FeedCursor.before(
        SESSION, new TurnStreams.Offsets(FedRecords.FIRST_EVENT, FedRecords.FIRST_DELTA), token);
  }

  private List<TurnStreamEvent> run(FeedCursor from) {
    return records.run(sink -> new FeedFilter(from, null, Set.of(), sink));
  }

  private void event(String turnId, Object body) {
    records.event(turnId, body);
  }

  private void delta(String turnId, long token, String text) {
    delta(turnId, token, 1, text);
  }

  private void delta(String turnId, long token, int delivery, String text) {
    records.delta(
        new StreamDelta(SESSION, turnId, 0, 0, 0, null, text, false, token, delivery, "text"));
  }

  private static StepAssigned assigned(int step, int attempt, long token) {
    return new StepAssigned("a-" + step + "-" + attempt, step, attempt, token, 60_000L, 1);
  }
}
