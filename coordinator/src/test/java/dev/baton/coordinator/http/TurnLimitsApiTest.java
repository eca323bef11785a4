package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.limits.InstanceLimiters;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.limits.TurnKind;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import dev.baton.coordinator.telemetry.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A tenant's running and queued turns over HTTP: a submit that the session's state says would start
 * (or queue) one turn too many is a 429 problem with {@code Retry-After: 1}, and is not written; a
 * repeat of a known turn, a submit the model rejects anyway and another tenant's submit are not
 * held back; a slot frees when a turn ends, or when its submit could not be written.
 */
class TurnLimitsApiTest {

  /** Two running turns and one queued turn per tenant. */
  private static final TenantLimits TWO_RUNNING_ONE_QUEUED =
      TenantLimits.builder()
          .maxActiveTurns(OptionalInt.of(2))
          .maxQueuedTurns(OptionalInt.of(1))
          .build();

  @AutoClose private final Closing closing = new Closing();

  @Test
  void shouldRefuseATurnThatWouldStartOverTheTenantsActiveTurns() {
    InMemoryApi api = start(TWO_RUNNING_ONE_QUEUED, LimitListener.NONE);

    assertThat(submit(api, "s-1", "t-1", null).status()).isEqualTo(202);
    assertThat(submit(api, "s-2", "t-1", null).status()).isEqualTo(202);
    Response refused = submit(api, "s-3", "t-1", null);

    refused.assertProblem(429, "TOO_MANY_ACTIVE_TURNS", null);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.json().get("detail").asText())
        .contains("tenant default", "(2 over all coordinators)");
    assertThat(api.sessions().sent).as("the refused submit is not written").hasSize(2);
  }

  @Test
  void shouldAnswerARepeatOfARunningTurnAtTheLimit() {
    InMemoryApi api = start(TWO_RUNNING_ONE_QUEUED, LimitListener.NONE);
    submit(api, "s-1", "t-1", null);
    submit(api, "s-2", "t-1", null);

    Response repeat = submit(api, "s-1", "t-1", null);

    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.json().get("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void shouldCountATurnQueuedOnABusySessionAsQueuedNotRunning() {
    InMemoryApi api = start(TWO_RUNNING_ONE_QUEUED, LimitListener.NONE);
    submit(api, "s-1", "t-1", null);
    submit(api, "s-2", "t-1", null);

    Response queued = submit(api, "s-1", "t-2", "enqueue");
    Response oneTooMany = submit(api, "s-2", "t-2", "enqueue");
    Response busy = submit(api, "s-2", "t-3", "reject");

    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.json().get("status").asText()).isEqualTo("QUEUED");
    oneTooMany.assertProblem(429, "TOO_MANY_QUEUED_TURNS", null);
    assertThat(oneTooMany.header("Retry-After")).isEqualTo("1");
    busy.assertProblem(409, "SESSION_BUSY", null);
  }

  @Test
  void shouldAcceptANewTurnOnceARunningOneEnds() {
    InMemoryApi api = start(TWO_RUNNING_ONE_QUEUED, LimitListener.NONE);
    submit(api, "s-1", "t-1", null);
    submit(api, "s-2", "t-1", null);
    assertThat(submit(api, "s-3", "t-1", null).status()).isEqualTo(429);

    api.sessions().answerActiveTurn("s-1", "done");

    assertThat(submit(api, "s-3", "t-1", null).status()).isEqualTo(202);
  }

  @Test
  void shouldGiveBackTheSlotOfASubmitThatCouldNotBeWritten() {
    TenantLimits oneRunning = TenantLimits.builder().maxActiveTurns(OptionalInt.of(1)).build();
    InstanceLimiters limiters = new InstanceLimiters();
    TenantLimiter limiter = limiters.limiter(oneRunning, LimitListener.NONE);
    InMemoryApi api = start(limiter, Telemetry.none(), ApiAccess.open());
    api.sessions().failSends(new KafkaException("the broker is gone"));

    Response failed = submit(api, "s-1", "t-1", null);
    api.sessions().failSends(null);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(limiter.turnCount("default", TurnKind.RUNNING)).isZero();
    assertThat(submit(api, "s-2", "t-1", null).status()).isEqualTo(202);
  }

  @Test
  void shouldLimitEachTenantByItsOwnCountAndOverride() {
    KnownTokens tokens = new KnownTokens();
    tokens.add("acme-token", "acme", Set.of(Scope.TURNS_WRITE));
    tokens.add("globex-token", "globex", Set.of(Scope.TURNS_WRITE));
    TenantLimits limits =
        TenantLimits.builder()
            .maxActiveTurns(OptionalInt.of(1))
            .override("globex", TenantLimits.MAX_ACTIVE_TURNS, "3")
            .build();
    InMemoryApi api =
        start(
            new InstanceLimiters().limiter(limits, LimitListener.NONE),
            Telemetry.none(),
            ApiAccess.tokens(tokens));
    ApiClient acme = api.client().withToken("acme-token");
    ApiClient globex = api.client().withToken("globex-token");

    assertThat(acme.submit("s-1", "t-1", "hi", null, "").status()).isEqualTo(202);
    acme.submit("s-2", "t-1", "hi", null, "").assertProblem(429, "TOO_MANY_ACTIVE_TURNS", null);
    for (int i = 0; i < 3; i++) {
      assertThat(globex.submit("s-" + i, "t-1", "hi", null, "").status()).isEqualTo(202);
    }
    Response refused = globex.submit("s-4", "t-1", "hi", null, "");

    refused.assertProblem(429, "TOO_MANY_ACTIVE_TURNS", null);
    assertThat(refused.json().get("detail").asText()).contains("tenant globex", "(3 over");
  }

  @Test
  void shouldDecideByThisInstancesOwnTurnsWhileRedisDoesNotAnswer() {
    InstanceLimiters limiters = new InstanceLimiters();
    InMemoryApi api = start(limiters.limiter(TWO_RUNNING_ONE_QUEUED, LimitListener.NONE));
    submit(api, "s-1", "t-1", null);
    limiters.turns().down.set(true);

    Response second = submit(api, "s-2", "t-1", null);
    Response third = submit(api, "s-3", "t-1", null);

    assertThat(second.status()).isEqualTo(202);
    third.assertProblem(429, "TOO_MANY_ACTIVE_TURNS", null);
    assertThat(third.json().get("detail").asText()).contains("on this instance: Redis does not");
  }

  @Test
  void shouldCountTurnRefusalsByTenantAndKindInTheMeters() {
    CoordinatorMeters meters = closing.add(CoordinatorMeters.create());
    InMemoryApi api =
        start(
            new InstanceLimiters().limiter(TWO_RUNNING_ONE_QUEUED, meters.tenantLimits()),
            Telemetry.of(meters, OpenTelemetry.noop()),
            ApiAccess.open());
    submit(api, "s-1", "t-1", null);
    submit(api, "s-2", "t-1", null);
    submit(api, "s-1", "t-2", "enqueue");

    submit(api, "s-3", "t-1", null);
    submit(api, "s-2", "t-2", "enqueue");

    assertThat(api.client().get("/metrics").body())
        .contains("baton_tenant_refusals_total{limit=\"active_turns\",tenant=\"default\"} 1.0")
        .contains("baton_tenant_refusals_total{limit=\"queued_turns\",tenant=\"default\"} 1.0")
        .contains("baton_tenant_turn_fallbacks_total{outcome=\"admitted\"} 0.0")
        .contains("baton_tenant_turn_changes_unwritten_total 0.0");
  }

  private InMemoryApi start(TenantLimits limits, LimitListener listener) {
    return start(new InstanceLimiters().limiter(limits, listener));
  }

  private InMemoryApi start(TenantLimiter limiter) {
    return start(limiter, Telemetry.none(), ApiAccess.open());
  }

  private InMemoryApi start(TenantLimiter limiter, Telemetry telemetry, ApiAccess access) {
    return closing.add(
        InMemoryApi.start(
            SessionLimits.defaults(), HttpOptions.defaults(), telemetry, access, limiter));
  }

  private static Response submit(InMemoryApi api, String sessionId, String turnId, String onBusy) {
    return api.client().submit(sessionId, turnId, "hello", onBusy, "");
  }
}
