package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.session.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnWaitersTest {

  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  private static final Duration NO_WAIT = Duration.ZERO;

  private final TurnWaiters waiters = new TurnWaiters();

  @Test
  void shouldCompleteTheDecisionAndThenTheEndOfTheWaitedTurn() throws Exception {
    try (TurnWaiter waiter = waiters.register("s-1", "t-1")) {
      waiters.decided("s-1", List.of(started("s-1", "t-1")));
      assertThat(waiter.awaitDecision(NO_WAIT)).containsInstanceOf(SessionEvent.TurnStarted.class);
      assertThat(waiter.awaitEnd(NO_WAIT)).isEmpty();

      waiters.decided("s-1", List.of(completed("t-1")));

      assertThat(waiter.awaitEnd(NO_WAIT)).contains(completed("t-1"));
      assertThat(waiter.awaitDecision(NO_WAIT)).containsInstanceOf(SessionEvent.TurnStarted.class);
    }
  }

  @Test
  void shouldEndTheWaitsAboutSessionsThatMovedToAnotherInstanceAtOnce() throws Exception {
    try (TurnWaiter moved = waiters.register("s-1", "t-1");
        TurnWaiter stayed = waiters.register("s-2", "t-1")) {
      waiters.releaseMoved(sessionId -> sessionId.equals("s-1"));

      long start = System.nanoTime();
      assertThat(moved.awaitEnd(Duration.ofSeconds(30))).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      long waited = System.nanoTime();
      assertThat(stayed.awaitEnd(Duration.ofMillis(200))).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - waited))
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
      waiters.decided("s-2", List.of(completed("t-1")));
      assertThat(stayed.awaitEnd(NO_WAIT)).contains(completed("t-1"));
    }
  }

  @Test
  void shouldIgnoreEventsOfOtherTurnsAndSessions() throws Exception {
    try (TurnWaiter waiter = waiters.register("s-1", "t-1")) {
      waiters.decided("s-2", List.of(started("s-2", "t-1")));
      waiters.decided("s-1", List.of(started("s-1", "t-2")));

      assertThat(waiter.awaitDecision(NO_WAIT)).isEmpty();
    }
  }

  @Test
  void shouldHearOnlyTheOutcomeOfItsOwnForkOnTheForksSide() throws Exception {
    var range = new dev.baton.coordinator.session.HistoryRange(1, 3);
    try (TurnWaiter waiter = waiters.registerFork("f-1", "s-1", 2)) {
      waiters.decided(
          "s-1", List.of(new SessionEvent.SessionForked("s-1", "s-1", "f-1", 2, range, NOW)));
      waiters.decided(
          "f-1", List.of(new SessionEvent.SessionForked("f-1", "s-2", "f-1", 2, range, NOW)));
      assertThat(waiter.awaitDecision(NO_WAIT)).isEmpty();

      var mine = new SessionEvent.SessionForked("f-1", "s-1", "f-1", 2, range, NOW);
      waiters.decided("f-1", List.of(mine));

      assertThat(waiter.awaitDecision(NO_WAIT)).contains(mine);
    }
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldTellEveryRequestWaitingForTheSameTurn() throws Exception {
    try (TurnWaiter first = waiters.register("s-1", "t-1");
        TurnWaiter second = waiters.register("s-1", "t-1")) {
      waiters.decided(
          "s-1",
          List.of(new SessionEvent.DuplicateTurnSubmitted("s-1", "t-1", TurnStatus.RUNNING, NOW)));

      assertThat(first.awaitDecision(NO_WAIT)).isPresent();
      assertThat(second.awaitDecision(NO_WAIT)).isPresent();
      assertThat(waiters.waitingTurns()).isEqualTo(1);
    }
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldForgetAWaiterWhenItIsClosedWithoutAnAnswer() throws Exception {
    TurnWaiter waiter = waiters.register("s-1", "t-1");

    assertThat(waiter.awaitDecision(Duration.ofMillis(10))).isEmpty();
    waiter.close();

    assertThat(waiters.waitingTurns()).isZero();
  }

  private static SessionEvent.TurnStarted started(String sessionId, String turnId) {
    return new SessionEvent.TurnStarted(
        sessionId, turnId, Optional.empty(), InputDigest.of("Hello"), NOW);
  }

  private static SessionEvent.TurnCompleted completed(String turnId) {
    return new SessionEvent.TurnCompleted("s-1", turnId, "Hi", 2, 1, Usage.ZERO, NOW);
  }
}
