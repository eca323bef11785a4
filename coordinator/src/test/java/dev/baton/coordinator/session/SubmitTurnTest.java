package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.TOKENS;
import static dev.baton.coordinator.session.SessionFixture.accepted;
import static dev.baton.coordinator.session.SessionFixture.assigned;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.enqueue;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.running;
import static dev.baton.coordinator.session.SessionFixture.started;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static dev.baton.coordinator.session.SessionFixture.userMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubmitTurnTest {

  @Test
  void shouldStartTurnWhenSessionIsIdle() {
    fixture()
        .when(submit("t1", "Hello"))
        .expect(
            accepted("t1", "Hello", OnBusy.REJECT),
            started("t1", "Hello"),
            userMessage(1, "Hello", "t1"),
            assigned(attempt("t1", 1, 1, 1), 1, 2))
        .expectState(
            state -> {
              assertThat(state.statusOf("t1")).contains(TurnStatus.RUNNING);
              assertThat(state.lastFencingToken()).isEqualTo(TOKENS + 1);
            });
  }

  @Test
  void shouldStartTurnWhenIdleEvenIfAskedToEnqueue() {
    fixture()
        .when(enqueue("t1", "Hello"))
        .expect(
            accepted("t1", "Hello", OnBusy.ENQUEUE),
            started("t1", "Hello"),
            userMessage(1, "Hello", "t1"),
            assigned(attempt("t1", 1, 1, 1), 1, 2));
  }

  @Test
  void shouldRejectSecondTurnWhenBusy() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(submit("t2", "Again"))
        .expect(busyRejected("t2", RejectionCode.SESSION_BUSY, "turn t1 is active"))
        .expectNoStateChange();
  }

  @Test
  void shouldEnqueueSecondTurnWhenBusy() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(enqueue("t2", "Next"))
        .expect(
            accepted("t2", "Next", OnBusy.ENQUEUE), new TurnQueued(SESSION, "t2", "Next", 1, NOW))
        .expectState(
            state -> {
              assertThat(state.queue()).containsExactly(new QueuedTurn("t2", "Next", NOW));
              assertThat(state.statusOf("t2")).contains(TurnStatus.QUEUED);
            });
  }

  @Test
  void shouldReportQueuePositionInFifoOrder() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "second"), enqueue("t3", "third"))
        .when(enqueue("t4", "fourth"))
        .expect(
            accepted("t4", "fourth", OnBusy.ENQUEUE),
            new TurnQueued(SESSION, "t4", "fourth", 3, NOW))
        .expectState(
            state ->
                assertThat(state.queue())
                    .extracting(QueuedTurn::turnId)
                    .containsExactly("t2", "t3", "t4"));
  }

  @Test
  void shouldRejectWhenQueueIsFull() {
    fixture(SessionLimits.builder().queueCapacity(2).build())
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(enqueue("t2", "a"), enqueue("t3", "b"))
        .when(enqueue("t4", "c"))
        .expect(busyRejected("t4", RejectionCode.QUEUE_FULL, "queue is full at 2 turns"))
        .expectNoStateChange();
  }

  @Test
  void shouldQueueSixteenTurnsByDefault() {
    SessionFixture fixture = fixture().given(running("t1", "Hello", 1, 1));
    for (int i = 0; i < SessionLimits.DEFAULT_QUEUE_CAPACITY; i++) {
      fixture.givenCommands(enqueue("q" + i, "input"));
    }
    fixture
        .when(enqueue("overflow", "input"))
        .expect(busyRejected("overflow", RejectionCode.QUEUE_FULL, "queue is full at 16 turns"));
  }

  @Test
  void shouldRejectEveryEnqueueWhenQueueCapacityIsZero() {
    fixture(SessionLimits.builder().queueCapacity(0).build())
        .given(running("t1", "Hello", 1, 1))
        .when(enqueue("t2", "a"))
        .expect(busyRejected("t2", RejectionCode.QUEUE_FULL, "queue is full at 0 turns"));
  }

  @Test
  void shouldRejectBlankInput() {
    fixture()
        .when(submit("t1", "  \n"))
        .expect(rejected("t1", RejectionCode.EMPTY_INPUT, "input must not be blank"))
        .expectNoStateChange();
  }

  @Test
  void shouldRejectInputLongerThanLimit() {
    fixture(SessionLimits.builder().maxInputBytes(5).build())
        .when(submit("t1", "123456"))
        .expect(
            rejected("t1", RejectionCode.INPUT_TOO_LARGE, "input has 6 bytes (UTF-8), at most 5"))
        .expectNoStateChange();
  }

  @Test
  void shouldAcceptInputOfExactlyTheLimit() {
    fixture(SessionLimits.builder().maxInputBytes(5).build())
        .when(submit("t1", "12345"))
        .expectState(state -> assertThat(state.statusOf("t1")).contains(TurnStatus.RUNNING));
  }

  @Test
  void shouldCountTheInputInUtf8Bytes() {
    // "é" is 2 bytes, "€" 3, "𝄞" 4 (a surrogate pair): 9 bytes in 3 code points.
    fixture(SessionLimits.builder().maxInputBytes(8).build())
        .when(submit("t1", "é€𝄞"))
        .expect(
            rejected("t1", RejectionCode.INPUT_TOO_LARGE, "input has 9 bytes (UTF-8), at most 8"));
    fixture(SessionLimits.builder().maxInputBytes(9).build())
        .when(submit("t1", "é€𝄞"))
        .expectState(state -> assertThat(state.statusOf("t1")).contains(TurnStatus.RUNNING));
  }

  @Test
  void shouldRejectBlankTurnId() {
    fixture()
        .when(submit(" ", "Hello"))
        .expect(
            rejected(" ", RejectionCode.INVALID_TURN_ID, "turnId must be 1 to 256 non-blank chars"))
        .expectNoStateChange();
  }

  @Test
  void shouldRejectOverlongTurnId() {
    String turnId = "x".repeat(SessionLimits.MAX_TURN_ID_CHARS + 1);
    fixture()
        .when(submit(turnId, "Hello"))
        .expect(
            rejected(
                turnId, RejectionCode.INVALID_TURN_ID, "turnId must be 1 to 256 non-blank chars"));
  }

  @Test
  void shouldValidateBeforeCheckingWhetherBusy() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .when(submit("t2", ""))
        .expect(busyRejected("t2", RejectionCode.EMPTY_INPUT, "input must not be blank"));
  }

  @Test
  void shouldNotRememberRejectedTurnSoThatItCanBeRetried() {
    fixture()
        .given(running("t1", "Hello", 1, 1))
        .givenCommands(submit("t2", "Again"))
        .when(enqueue("t2", "Again"))
        .expect(
            accepted("t2", "Again", OnBusy.ENQUEUE),
            new TurnQueued(SESSION, "t2", "Again", 1, NOW));
  }

  @Test
  void shouldStampEventsWithTheTimeOfTheDecision() {
    Instant later = NOW.plusSeconds(60);
    SessionModel model = new SessionModel(SessionLimits.defaults());
    assertThat(model.decide(SessionState.empty(SESSION), submit("t1", "Hi"), later).events())
        .allSatisfy(event -> assertThat(event.at()).isEqualTo(later));
  }

  @Test
  void shouldRefuseCommandForAnotherSession() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SubmitTurn other = new SubmitTurn("s-2", "t1", "Hi", OnBusy.REJECT);
    assertThatThrownBy(() -> model.decide(SessionState.empty(SESSION), other, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s-1")
        .hasMessageContaining("s-2");
  }

  private static TurnRejected rejected(String turnId, RejectionCode code, String detail) {
    return new TurnRejected(SESSION, turnId, code, detail, Optional.empty(), NOW);
  }

  /** A rejection while turn t1 is active. */
  private static TurnRejected busyRejected(String turnId, RejectionCode code, String detail) {
    return new TurnRejected(SESSION, turnId, code, detail, Optional.of("t1"), NOW);
  }
}
