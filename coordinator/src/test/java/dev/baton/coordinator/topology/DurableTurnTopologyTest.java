package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.CancelReason;
import dev.baton.schemas.avro.CancelTurn;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.KillTurn;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.PauseSession;
import dev.baton.schemas.avro.ResumeSession;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.SessionPaused;
import dev.baton.schemas.avro.SessionResumed;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import dev.baton.schemas.avro.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases on the wall clock, cancellation with its STOP signal, pause and resume, idle expiry. */
class DurableTurnTopologyTest {

  private static final String SESSION = "session-1";
  private static final Duration LEASE = Duration.ofSeconds(10);

  @TempDir Path stateDir;
  private CoordinatorDriver coordinator;

  @AfterEach
  void stop() {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  @Test
  void shouldAssignAStepAgainWhenItsLeaseExpiresOnTheWallClock() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.empty()));
    Assignment first = startTurn();

    coordinator.advanceWallClock(LEASE.minusSeconds(1));
    assertThat(coordinator.events()).isEmpty();
    coordinator.advanceWallClock(Duration.ofSeconds(2));

    List<SessionEvent> events = coordinator.events();
    assertThat(events)
        .extracting(e -> (Object) e.getBody().getClass())
        .contains(StepAttemptFailed.class);
    StepAttemptFailed failed = body(events, StepAttemptFailed.class);
    assertThat(failed.getError().getMessage()).startsWith("LEASE_EXPIRED");
    assertThat(events.getFirst().getCausationId()).as("a timer causes it").isNull();
    Assignment second = coordinator.assignment();
    assertThat(second.getAttempt()).isEqualTo(first.getAttempt() + 1);
    assertThat(second.getFencingToken()).isGreaterThan(first.getFencingToken());
  }

  @Test
  void shouldKeepTheLeaseOfAStepWhoseWorkerRenewsIt() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.empty()));
    Assignment first = startTurn();

    for (int i = 0; i < 4; i++) {
      coordinator.advanceWallClock(LEASE.dividedBy(2));
      coordinator.result(first, new LeaseRenewed(LEASE.toMillis(), null));
    }

    assertThat(coordinator.events())
        .as("each renewal is an event, with the lease's new end")
        .hasSize(4)
        .allSatisfy(
            event ->
                assertThat(event.getBody())
                    .isInstanceOfSatisfying(
                        dev.baton.schemas.avro.LeaseExtended.class,
                        extended ->
                            assertThat(extended.getFencingToken())
                                .isEqualTo(first.getFencingToken())));
    assertThat(coordinator.assignments()).isEmpty();
  }

  @Test
  void shouldCancelATurnWithCallsInFlightAndSignalItsWorkersToStop() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.empty()));
    Assignment step = startTurn();
    coordinator.result(step, threeCalls());
    List<Assignment> calls = coordinator.assignments();
    coordinator.events();

    coordinator.command(SESSION, new CancelTurn("turn-1", "user pressed stop"));

    List<SessionEvent> events = coordinator.events();
    assertThat(events)
        .extracting(e -> (Object) e.getBody().getClass())
        .containsExactly(
            MessageAppended.class,
            MessageAppended.class,
            MessageAppended.class,
            TurnCancelled.class);
    TurnCancelled cancelled = body(events, TurnCancelled.class);
    assertThat(cancelled.getReason()).isEqualTo(CancelReason.CANCELLED);
    assertThat(cancelled.getDetail()).isEqualTo("user pressed stop");
    assertThat(cancelled.getUsage().getInputTokens()).isEqualTo(10L);
    List<TurnSignal> signals = coordinator.signals();
    assertThat(signals).hasSize(1);
    assertThat(signals.getFirst().getKind()).isEqualTo(TurnSignalKind.STOP);
    assertThat(signals.getFirst().getTurnId()).isEqualTo("turn-1");
    assertThat(signals.getFirst().getUpToFencingToken())
        .as("covers every dispatch token of the batch")
        .isGreaterThanOrEqualTo(
            calls.stream()
                .mapToLong(call -> ((ToolCallAssignment) call.getBody()).getDispatchToken())
                .max()
                .orElseThrow());
    assertThat(coordinator.session(SESSION).state().isIdle()).isTrue();
  }

  @Test
  void shouldKillATurnWithReasonKilled() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.empty()));
    startTurn();

    coordinator.command(SESSION, new KillTurn("turn-1", "runaway"));

    TurnCancelled killed = body(coordinator.events(), TurnCancelled.class);
    assertThat(killed.getReason()).isEqualTo(CancelReason.KILLED);
    assertThat(coordinator.signals()).hasSize(1);
  }

  @Test
  void shouldDispatchNothingWhilePausedAndCatchUpOnResume() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.empty()));
    Assignment step = startTurn();
    coordinator.command(SESSION, new PauseSession("maintenance"));
    assertThat(body(coordinator.events(), SessionPaused.class).getReason())
        .isEqualTo("maintenance");

    coordinator.result(step, threeCalls());
    assertThat(coordinator.assignments()).isEmpty();
    coordinator.events();

    coordinator.command(SESSION, new ResumeSession(null));
    List<SessionEvent> events = coordinator.events();
    assertThat(events.getFirst().getBody()).isInstanceOf(SessionResumed.class);
    assertThat(coordinator.assignments()).hasSize(3);
  }

  @Test
  void shouldExpireAnIdleSessionWithTombstonesForItsStateAndHistory() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.of(Duration.ofMinutes(1))));
    Assignment step = startTurn();
    coordinator.answer(step, "Hi");
    coordinator.events();
    coordinator.historyTopic();
    assertThat(coordinator.history(SESSION)).hasSize(2);

    coordinator.advanceWallClock(Duration.ofMinutes(2));

    List<SessionEvent> events = coordinator.events();
    assertThat(events)
        .extracting(e -> (Object) e.getBody().getClass())
        .containsExactly(HistoryCleared.class, SessionExpired.class);
    assertThat(body(events, HistoryCleared.class).getReason())
        .isEqualTo(HistoryClearReason.EXPIRED);
    assertThat(coordinator.history(SESSION)).isEmpty();
    assertThat(coordinator.historyTopic()).extracting(kv -> kv.value).containsOnlyNulls();
    assertThat(coordinator.session(SESSION)).isNull();
    assertThat(coordinator.storedEvents(SESSION)).isEmpty();
  }

  @Test
  void shouldNumberTheEventsAndTokensOfAReusedSessionAboveThoseOfItsExpiredLife() {
    coordinator = new CoordinatorDriver(stateDir, options(Optional.of(Duration.ofMinutes(1))));
    Assignment before = startTurn();
    coordinator.answer(before, "Hi");
    List<SessionEvent> life = new ArrayList<>(coordinator.events());
    coordinator.advanceWallClock(Duration.ofMinutes(2));
    life.addAll(coordinator.events());
    assertThat(life.getLast().getBody()).isInstanceOf(SessionExpired.class);

    Assignment after = startTurn();
    coordinator.answer(after, "Hi again");
    List<SessionEvent> reused = coordinator.events();

    assertThat(after.getFencingToken()).isGreaterThan(before.getFencingToken());
    assertThat(reused.getFirst().getEventSeq()).isGreaterThan(life.getLast().getEventSeq());
    List<SessionEvent> all = new ArrayList<>(life);
    all.addAll(reused);
    assertThat(all).extracting(SessionEvent::getEventId).doesNotHaveDuplicates();
    assertThat(all).extracting(SessionEvent::getEventSeq).isSorted().doesNotHaveDuplicates();
  }

  private static TopologyOptions options(Optional<Duration> idleTimeToLive) {
    return TopologyOptions.builder()
        .limits(SessionLimits.builder().lease(LEASE).idleTimeToLive(idleTimeToLive).build())
        .timerInterval(Duration.ofMillis(100))
        .build();
  }

  private Assignment startTurn() {
    coordinator.submit(SESSION, "turn-1", "Look at my files");
    coordinator.events();
    return coordinator.assignment();
  }

  private static ToolCallsRequested threeCalls() {
    return new ToolCallsRequested(
        List.of(
            new ToolCallRequest("c1", "read_a", "{}", null, false),
            new ToolCallRequest("c2", "read_b", "{}", null, false),
            new ToolCallRequest("c3", "write_c", "{}", null, false)),
        "",
        new Usage(10L, 5L, null));
  }

  private static <T> T body(List<SessionEvent> events, Class<T> type) {
    return events.stream()
        .map(SessionEvent::getBody)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + events));
  }
}
