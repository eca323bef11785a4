package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static dev.baton.coordinator.session.SessionFixture.TOKENS;
import static dev.baton.coordinator.session.SessionFixture.answer;
import static dev.baton.coordinator.session.SessionFixture.attempt;
import static dev.baton.coordinator.session.SessionFixture.fixture;
import static dev.baton.coordinator.session.SessionFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each life of a session numbers its fencing tokens above those of the lives before it. */
class SessionEpochTest {

  private static final Duration TTL = Duration.ofMinutes(1);
  private static final SessionLimits EXPIRING =
      SessionLimits.builder().idleTimeToLive(Optional.of(TTL)).build();

  @Test
  void shouldNumberTokensFromTheEpochMilliseconds() {
    assertThat(SessionEpoch.firstNumber(Instant.parse("2025-01-01T00:00:00Z")))
        .isEqualTo(1_735_689_600_000_000L);
    assertThat(SessionEpoch.firstNumber(Instant.EPOCH)).isZero();
    assertThat(SessionEpoch.firstNumber(Instant.EPOCH.minusSeconds(1))).isZero();
  }

  @Test
  void shouldKeepNumbersExactInDoublesForCenturies() {
    long far = SessionEpoch.firstNumber(Instant.parse("2255-01-01T00:00:00Z"));
    assertThat(far).isLessThan(1L << 53);
    assertThat(SessionEpoch.firstNumber(Instant.parse("9999-01-01T00:00:00Z")))
        .isLessThan(1L << 53);
  }

  @Test
  void shouldBeginTheLifeAtTheFirstEventThatChangesTheState() {
    fixture()
        .when(submit("t1", "Hello"))
        .expectState(
            state -> {
              assertThat(state.epoch()).isEqualTo(NOW);
              assertThat(state.lastFencingToken()).isEqualTo(TOKENS + 1);
            });
  }

  @Test
  void shouldNotBeginTheLifeWithARejection() {
    fixture().when(submit("t1", " ")).expectNoStateChange();
  }

  @Test
  void shouldNumberTheTokensOfAReusedSessionAboveThoseOfItsExpiredLife() {
    SessionModel model = new SessionModel(EXPIRING);
    SessionState state = model.decide(SessionState.empty(SESSION), submit("t1", "Hi"), NOW).state();
    state = model.decide(state, answer(attempt("t1", 1, 1, 1), "Hello"), NOW).state();
    Instant idle = NOW.plus(TTL).plusMillis(1);
    Decision expiry = model.decide(state, new CheckTimers(SESSION), idle);
    assertThat(expiry.events()).last().isInstanceOf(SessionExpired.class);
    assertThat(expiry.state()).isEqualTo(SessionState.empty(SESSION));

    Instant reuse = idle.plusMillis(1);
    List<SessionEvent> events = model.decide(expiry.state(), submit("t1", "Hi"), reuse).events();

    StepAssigned first = (StepAssigned) events.getLast();
    assertThat(first.assignment().fencingToken())
        .isEqualTo(SessionEpoch.firstNumber(reuse) + 1)
        .isGreaterThan(TOKENS + 1);
  }

  @Test
  void shouldKeepTheTokensOfASessionStoredBeforeEpochsGrowing() {
    SessionModel model = new SessionModel(SessionLimits.defaults());
    SessionState stored = legacy(7);
    SessionState high = legacy(TOKENS + 100);

    assertThat(model.decide(stored, submit("t9", "Hi"), NOW).state().lastFencingToken())
        .isEqualTo(TOKENS + 1);
    assertThat(model.decide(high, submit("t9", "Hi"), NOW).state().lastFencingToken())
        .isEqualTo(TOKENS + 101);
  }

  /** An idle session as stored before epochs: not begun, with its tokens counted from 1. */
  private static SessionState legacy(long lastToken) {
    return new SessionState(
        SESSION,
        Optional.empty(),
        List.of(),
        List.of(),
        1,
        3,
        lastToken,
        false,
        NOW.minusSeconds(5),
        Instant.EPOCH);
  }
}
