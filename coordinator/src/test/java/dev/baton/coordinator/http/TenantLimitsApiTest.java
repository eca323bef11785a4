package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.limits.InstanceLimiters;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.Rate;
import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import dev.baton.coordinator.telemetry.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The submit rate per tenant over HTTP: a refused submit is a 429 problem with {@code Retry-After},
 * and a submit is counted once, by the instance the client sent it to, even when forwarded.
 */
class TenantLimitsApiTest {

  /** Two submits at once, then one per hour: the third waits an hour. */
  private static final TenantLimits TWO_PER_HOUR =
      TenantLimits.builder().submitRate(Optional.of(Rate.parse("1/h"))).submitBurst(2).build();

  @AutoClose private final Closing closing = new Closing();

  @Test
  void shouldRefuseASubmitOverItsTenantsRateWith429AndRetryAfterInWholeSeconds() {
    InMemoryApi api = start(new InstanceLimiters().limiter(TWO_PER_HOUR, LimitListener.NONE));

    assertThat(submit(api, "s-1").status()).isEqualTo(202);
    assertThat(submit(api, "s-2").status()).isEqualTo(202);
    Response refused = submit(api, "s-3");

    refused.assertProblem(429, "SUBMIT_RATE_EXCEEDED", null);
    assertThat(refused.header("Retry-After")).isEqualTo("3600");
    assertThat(refused.json().get("detail").asText())
        .contains("tenant default", "1/h (burst 2)", "retry in 3600 s");
    assertThat(api.sessions().sent).hasSize(2);
  }

  @Test
  void shouldCountAForwardedSubmitOnlyOnTheInstanceThatReceivedIt() {
    InMemoryApi owner = start(new InstanceLimiters().limiter(TWO_PER_HOUR, LimitListener.NONE));
    InMemoryApi entry = start(new InstanceLimiters().limiter(TWO_PER_HOUR, LimitListener.NONE));
    entry.sessions().owner = new SessionOwner.Remote("127.0.0.1", owner.api().port());

    Response first = submit(entry, "s-1");
    Response second = submit(entry, "s-2");
    Response third = submit(entry, "s-3");

    assertThat(first.header(HttpApi.FORWARDED_TO_HEADER)).isNotNull();
    assertThat(List.of(first.status(), second.status())).containsOnly(202);
    third.assertProblem(429, "SUBMIT_RATE_EXCEEDED", null);
    assertThat(third.header(HttpApi.FORWARDED_TO_HEADER)).as("refused before forwarding").isNull();
    // The owner's own bucket was not touched by the two forwarded submits.
    assertThat(submit(owner, "s-4").status()).isEqualTo(202);
    assertThat(submit(owner, "s-5").status()).isEqualTo(202);
    assertThat(submit(owner, "s-6").status()).isEqualTo(429);
  }

  @Test
  void shouldLimitEachTenantByItsOwnBucketAndOverride() {
    KnownTokens tokens = new KnownTokens();
    tokens.add("acme-token", "acme", Set.of(Scope.TURNS_WRITE));
    tokens.add("globex-token", "globex", Set.of(Scope.TURNS_WRITE));
    TenantLimits limits =
        TenantLimits.builder()
            .submitRate(Optional.of(Rate.parse("1/h")))
            .submitBurst(1)
            .override("globex", TenantLimits.SUBMIT_BURST, "3")
            .build();
    InMemoryApi api =
        closing.add(
            InMemoryApi.start(
                SessionLimits.defaults(),
                HttpOptions.defaults(),
                Telemetry.none(),
                ApiAccess.tokens(tokens),
                new InstanceLimiters().limiter(limits, LimitListener.NONE)));
    ApiClient acme = api.client().withToken("acme-token");
    ApiClient globex = api.client().withToken("globex-token");

    assertThat(acme.submit("s-1", "t-1", "hi", null, "").status()).isEqualTo(202);
    acme.submit("s-2", "t-1", "hi", null, "").assertProblem(429, "SUBMIT_RATE_EXCEEDED", null);
    for (int i = 0; i < 3; i++) {
      assertThat(globex.submit("s-" + i, "t-1", "hi", null, "").status()).isEqualTo(202);
    }
    Response refused = globex.submit("s-4", "t-1", "hi", null, "");

    refused.assertProblem(429, "SUBMIT_RATE_EXCEEDED", null);
    assertThat(refused.json().get("detail").asText()).contains("tenant globex", "(burst 3)");
  }

  @Test
  void shouldTakeNothingFromTheRateForASubmitWithABadSessionId() {
    InMemoryApi api = start(new InstanceLimiters().limiter(TWO_PER_HOUR, LimitListener.NONE));

    for (int i = 0; i < 3; i++) {
      api.client()
          .post("/v1/sessions/no%20spaces/turns", "{\"input\":\"x\"}")
          .assertProblem(400, "INVALID_SESSION_ID", "id");
    }

    assertThat(submit(api, "s-1").status()).isEqualTo(202);
  }

  @Test
  void shouldCountRefusalsByTenantInTheMeters() {
    CoordinatorMeters meters = CoordinatorMeters.create();
    closing.add(meters);
    TenantLimiter limiter = new InstanceLimiters().limiter(TWO_PER_HOUR, meters.tenantLimits());
    InMemoryApi api =
        InMemoryApi.start(
            SessionLimits.defaults(),
            HttpOptions.defaults(),
            Telemetry.of(meters, OpenTelemetry.noop()),
            limiter);
    closing.add(api);

    for (int i = 0; i < 4; i++) {
      submit(api, "s-" + i);
    }

    assertThat(api.client().get("/metrics").body())
        .contains("baton_tenant_refusals_total{limit=\"submit_rate\",tenant=\"default\"} 2.0")
        .contains("baton_tenant_submit_fallbacks_total{outcome=\"admitted\"} 0.0")
        .contains(
            "baton_http_requests_seconds_count{method=\"POST\",route=\"/v1/sessions/{id}/turns\","
                + "status=\"429\"} 2");
  }

  @Test
  void shouldRoundRetryAfterUpToWholeSecondsOfAtLeastOne() {
    assertThat(Problem.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    assertThat(Problem.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(Problem.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(Problem.retryAfterSeconds(Duration.ofSeconds(2))).isEqualTo(2);
  }

  private InMemoryApi start(TenantLimiter limiter) {
    InMemoryApi api =
        InMemoryApi.start(
            SessionLimits.defaults(), HttpOptions.defaults(), Telemetry.none(), limiter);
    closing.add(api);
    return api;
  }

  private static Response submit(InMemoryApi api, String sessionId) {
    return api.client().submit(sessionId, "t-1", "hello", null, "");
  }
}
