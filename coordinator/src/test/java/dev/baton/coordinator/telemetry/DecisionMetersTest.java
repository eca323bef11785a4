package dev.baton.coordinator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.CancelReason;
import dev.baton.coordinator.session.Failure;
import dev.baton.coordinator.session.FailureCode;
import dev.baton.coordinator.session.HistoryRange;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.session.ToolResult;
import dev.baton.coordinator.session.Usage;
import dev.baton.coordinator.session.WorkTerms;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DecisionMetersTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final WorkTerms TERMS = new WorkTerms(Duration.ofSeconds(30), Optional.empty());

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DecisionMeters meters = new DecisionMeters(registry);

  private void decide(String session, SessionEvent... events) {
    meters.decided(session, List.of(events));
  }

  private static StepAttempt step(String turn, int step, long token) {
    return new StepAttempt(turn, step, 1, token);
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private Timer timer(String name, String... tags) {
    return registry.find(name).tags(tags).timer();
  }

  /** One turn: accepted, started, a step of a READ (waited 40 ms) and a WRITE, then the answer. */
  private void runToolTurn(String session, String turn, long token) {
    decide(
        session,
        new SessionEvent.TurnAccepted(
            session, turn, "hi", OnBusy.ENQUEUE, Optional.empty(), Map.of(), T0),
        new SessionEvent.TurnStarted(session, turn, Optional.empty(), InputDigest.of("hi"), T0),
        new SessionEvent.StepAssigned(
            session, step(turn, 1, token), new HistoryRange(1, 1), 1, TERMS, T0));
    decide(
        session,
        new SessionEvent.StepCompleted(
            session, step(turn, 1, token), "w-1", 2, Usage.ZERO, T0.plusMillis(200)));
    StepAttempt batch = step(turn, 1, token + 1);
    decide(session, finished(session, batch, "c1", OperationClass.READ, 40, false));
    decide(session, finished(session, batch, "c2", OperationClass.WRITE, 0, true));
    decide(
        session,
        new SessionEvent.TurnCompleted(session, turn, "done", 5, 2, Usage.ZERO, T0.plusSeconds(3)));
  }

  private static SessionEvent.ToolCallFinished finished(
      String session,
      StepAttempt batch,
      String callId,
      OperationClass operationClass,
      long lockWaitMs,
      boolean error) {
    ToolCall call = new ToolCall(callId, 0, "tool", "{}", operationClass);
    return new SessionEvent.ToolCallFinished(
        session,
        batch,
        call,
        new ToolResult(callId, "out", error),
        T0.plusMillis(300),
        T0.plusMillis(800),
        lockWaitMs,
        "w-2",
        OptionalLong.empty(),
        T0.plusMillis(900));
  }

  @Test
  void shouldCountTurnsStepsAndToolCallsAndTimeThemFromTheModelsEvents() {
    runToolTurn("s-1", "t-1", 1000);

    assertThat(count("baton.turns.accepted", "on_busy", "enqueue")).isEqualTo(1);
    assertThat(count("baton.turns.ended", "status", "completed", "reason", "completed"))
        .isEqualTo(1);
    assertThat(timer("baton.turn.duration", "status", "completed").totalTime(TimeUnit.SECONDS))
        .isEqualTo(3.0);
    assertThat(count("baton.steps", "outcome", "completed", "worker", "w-1")).isEqualTo(1);
    assertThat(
            timer("baton.step.duration", "outcome", "completed").totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(200.0);
    assertThat(count("baton.tool.calls", "class", "read", "outcome", "ok", "worker", "w-2"))
        .isEqualTo(1);
    assertThat(count("baton.tool.calls", "class", "write", "outcome", "error", "worker", "w-2"))
        .isEqualTo(1);
    assertThat(count("baton.tool.lock.contended", "class", "read")).isEqualTo(1);
    assertThat(count("baton.tool.lock.contended", "class", "write")).isZero();
    assertThat(timer("baton.tool.lock.wait", "class", "read").totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(40.0);
    assertThat(timer("baton.tool.call.duration", "class", "write").totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(500.0);
    assertThat(meters.trackedStarts()).as("ended work is forgotten").isZero();
  }

  @Test
  void shouldNameTheCodeOfAFailureAndTheReasonOfACancelButNeverAWorkersOwnCode() {
    decide(
        "s-2",
        new SessionEvent.StepFailed(
            "s-2",
            step("t-1", 1, 7),
            Failure.of(FailureCode.LEASE_EXPIRED, "no renewal"),
            true,
            true,
            Optional.empty(),
            Usage.ZERO,
            T0),
        new SessionEvent.StepFailed(
            "s-2",
            step("t-1", 1, 8),
            Failure.reported("MY_OWN_CODE_42", "boom", Optional.empty()),
            false,
            false,
            Optional.of("w-1"),
            Usage.ZERO,
            T0),
        new SessionEvent.TurnFailed(
            "s-2",
            "t-1",
            Failure.reported("MY_OWN_CODE_42", "boom", Optional.empty()),
            1,
            Usage.ZERO,
            8,
            T0));
    decide(
        "s-3",
        new SessionEvent.TurnCancelled(
            "s-3",
            "t-1",
            CancelReason.KILLED,
            Optional.empty(),
            Optional.empty(),
            Usage.ZERO,
            0,
            T0));

    assertThat(count("baton.step.failures", "code", "LEASE_EXPIRED")).isEqualTo(1);
    assertThat(count("baton.step.failures", "code", "WORKER")).isEqualTo(1);
    assertThat(count("baton.steps", "outcome", "failed", "worker", "none")).isEqualTo(1);
    assertThat(count("baton.turns.ended", "status", "failed", "reason", "WORKER")).isEqualTo(1);
    assertThat(count("baton.turns.ended", "status", "cancelled", "reason", "killed")).isEqualTo(1);
    assertThat(registry.find("baton.turn.duration").timer())
        .as("no duration for turns whose start another instance decided")
        .isNull();
  }

  @Test
  void shouldServeTheCountersOfTheModelsOwnNamesAtZeroBeforeTheFirstEvent() {
    assertThat(registry.find("baton.step.failures").tags("code", "LEASE_EXPIRED").counter())
        .isNotNull()
        .satisfies(counter -> assertThat(counter.count()).isZero());
    assertThat(registry.find("baton.turns.ended").tags("status", "failed").counters())
        .as("the model's codes, the SDK's POISON and HANDLER_EXCEPTION, and WORKER")
        .hasSize(FailureCode.values().length + 3);
    assertThat(registry.find("baton.results.ignored").tags("kind", "tool").counters()).isNotEmpty();
    assertThat(registry.find("baton.steps").counters()).as("worker ids are not known").isEmpty();
  }

  @Test
  void shouldNameTheSdksPoisonCode() {
    decide(
        "s-4",
        new SessionEvent.StepFailed(
            "s-4",
            step("t-1", 1, 9),
            Failure.reported("POISON", "delivered 5 times", Optional.empty()),
            true,
            true,
            Optional.of("w-1"),
            Usage.ZERO,
            T0));

    assertThat(count("baton.step.failures", "code", "POISON")).isEqualTo(1);
  }

  @Test
  void shouldFollowStateRestoresToTheirEnd() {
    StoreRestores restores = new StoreRestores(registry);
    TopicPartition changelog = new TopicPartition("app-sessions-changelog", 3);

    restores.onRestoreStart(changelog, "sessions", 100, 1100);
    restores.onBatchRestored(changelog, "sessions", 400, 300);

    assertThat(registry.get("baton.streams.restore.remaining.records").gauge().value())
        .isEqualTo(700);
    restores.onRestoreEnd(changelog, "sessions", 1000);
    assertThat(registry.get("baton.streams.restore.remaining.records").gauge().value()).isZero();
    assertThat(registry.get("baton.streams.restored.records").counter().count()).isEqualTo(300);
  }

  @Test
  void shouldForgetTheOldestStartsBeyondItsBound() {
    StartTimes starts = new StartTimes(2);
    starts.started("a", "t", T0);
    starts.started("b", "t", T0);
    starts.started("c", "t", T0);

    assertThat(starts.size()).isEqualTo(2);
    assertThat(starts.ended("a", "t", T0.plusSeconds(1))).isEmpty();
    assertThat(starts.ended("c", "t", T0.plusSeconds(1))).contains(Duration.ofSeconds(1));
    assertThat(starts.ended("b", "other", T0.plusSeconds(1))).isEmpty();
  }
}
