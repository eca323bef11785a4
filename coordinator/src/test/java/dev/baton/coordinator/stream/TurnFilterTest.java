package dev.baton.coordinator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnStarted;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnFilterTest {

  private static final String SESSION = "s-1";
  private static final String TURN = "t-1";

  private final FedRecords records = new FedRecords(SESSION);

  @Test
  void shouldSendTheDeltasOfTheCurrentAttemptInOrderBetweenItsStartAndEnd() {
    event(new TurnStarted(null));
    event(assigned(0, 0));
    delta(0, 0, 0, "a");
    delta(0, 0, 1, "b");
    event(new StepCompleted(0, 0, "w-1", 0));
    event(new TurnCompleted(1, null, null));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly(
            "turn.started", "step.started", "delta", "delta", "step.completed", "turn.ended");
    assertThat(FedRecords.texts(sent)).containsExactly("a", "b");
    assertThat(sent.getLast().terminal()).isTrue();
  }

  @Test
  void shouldDropTheDeltasOfAFencedAttemptOnceItsFailureIsSent() {
    event(assigned(0, 0));
    delta(0, 0, 0, "first try");
    event(failed(0, 0));
    delta(0, 0, 1, "zombie");
    event(assigned(0, 1));
    delta(0, 1, 0, "second try");
    delta(0, 0, 2, "zombie again");

    List<TurnStreamEvent> sent = run(start());

    assertThat(FedRecords.texts(sent)).containsExactly("first try", "second try");
  }

  @Test
  void shouldHoldADeltaOfANewerAttemptAndThoseBehindItUntilThatAttemptStarts() {
    event(assigned(0, 0));
    event(new StepCompleted(0, 0, "w-1", 1));
    delta(1, 0, 0, "early");
    delta(1, 0, 1, "also early");
    event(assigned(1, 0));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly("step.started", "step.completed", "step.started", "delta", "delta");
    assertThat(FedRecords.texts(sent)).containsExactly("early", "also early");
  }

  @Test
  void shouldIgnoreRecordsOfOtherTurnsAndRecordsItHasPassed() {
    event(assigned(0, 0));
    records.delta(delta(TURN + "-other", 0, 0, 0, "not mine"));
    delta(0, 0, 0, "mine");
    records.again(); // read again after the reader moved back

    assertThat(FedRecords.texts(run(start()))).containsExactly("mine");
  }

  @Test
  void shouldResumeFromAnyEventIdWithNoEventRepeatedOrSkipped() {
    event(new TurnStarted(null));
    event(assigned(0, 0));
    delta(0, 0, 0, "zero");
    event(failed(0, 0));
    delta(0, 0, 1, "zombie");
    delta(0, 1, 0, "early");
    event(assigned(0, 1));
    delta(0, 1, 1, "one");
    event(new StepCompleted(0, 1, "w-2", 0));
    event(new TurnCompleted(1, null, null));
    List<TurnStreamEvent> whole = run(start());

    for (int got = 1; got < whole.size(); got++) {
      TurnCursor resumeAt = TurnCursor.parse(whole.get(got - 1).cursor().format(), SESSION, TURN);
      List<TurnStreamEvent> rest = run(resumeAt); // fed from the turn's start, as after a seek

      assertThat(rest)
          .as("resumed after event %d", got)
          .isEqualTo(whole.subList(got, whole.size()));
    }
  }

  @Test
  void shouldRefuseAnIdOfAnotherTurn() {
    String id = TurnCursor.before(SESSION, "t-2", 0, 0).format();

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TurnCursor.parse(id, SESSION, TURN))
        .withMessageContaining("another turn");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TurnCursor.parse("1.abc", SESSION, TURN));
  }

  @Test
  void shouldTellTheKindOfEachDelta() {
    event(assigned(0, 0));
    delta(0, 0, 0, "answer");
    records.delta(StreamDelta.newBuilder(delta(TURN, 0, 0, 1, "hmm")).setKind("reasoning").build());

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent.subList(1, 3))
        .extracting(e -> e.data().get("kind") + ":" + e.data().get("text"))
        .containsExactly("text:answer", "reasoning:hmm");
    assertThat(sent.get(2).data().keySet())
        .containsExactly("step", "attempt", "index", "delivery", "kind", "text");
  }

  @Test
  void shouldSayWhenALaterRunOfTheAttemptTakesOverAndResumeAcrossIt() {
    event(assigned(0, 0));
    records.delta(run(0, "first run", 1));
    records.delta(run(1, "first run, on", 1));
    records.delta(run(0, "second run", 2));
    records.delta(run(2, "first run, still going", 1));
    records.delta(run(1, "second run, on", 2));
    event(new StepCompleted(0, 0, "w-1", 0));

    List<TurnStreamEvent> sent = run(start());

    assertThat(sent)
        .extracting(TurnStreamEvent::type)
        .containsExactly(
            "step.started", "delta", "delta", "step.restarted", "delta", "delta", "step.completed");
    assertThat(FedRecords.texts(sent))
        .containsExactly("first run", "first run, on", "second run", "second run, on");
    for (int cut = 0; cut < sent.size(); cut++) {
      TurnCursor resumeAt = TurnCursor.parse(sent.get(cut).cursor().format(), SESSION, TURN);
      assertThat(run(resumeAt)).as("after %d", cut).isEqualTo(sent.subList(cut + 1, sent.size()));
    }
  }

  private static StreamDelta run(int index, String text, int delivery) {
    return new StreamDelta(SESSION, TURN, 0, 0, index, null, text, false, -1L, delivery, "text");
  }

  private TurnCursor start() {
    return TurnCursor.before(SESSION, TURN, 100, 500);
  }

  private List<TurnStreamEvent> run(TurnCursor from) {
    return records.run(sink -> new TurnFilter(TURN, from, sink));
  }

  private void event(Object body) {
    records.event(TURN, body);
  }

  private void delta(int step, int attempt, int index, String text) {
    records.delta(delta(TURN, step, attempt, index, text));
  }

  private static StreamDelta delta(String turnId, int step, int attempt, int index, String text) {
    return new StreamDelta(
        SESSION, turnId, step, attempt, index, null, text, false, -1L, 0, "text");
  }

  private static StepAssigned assigned(int step, int attempt) {
    return new StepAssigned("a-" + step + "-" + attempt, step, attempt, 7L + attempt, 60_000L, 1);
  }

  private static StepAttemptFailed failed(int step, int attempt) {
    return FedRecords.failed(step, attempt, 7L + attempt);
  }
}
