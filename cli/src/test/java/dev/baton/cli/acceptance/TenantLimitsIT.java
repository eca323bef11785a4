package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.EmbeddedRedis;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.GrafanaDashboard;
import dev.baton.cli.testkit.PrometheusText;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.Rate;
import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits per tenant on the real stack: two limiters share one tenant's submit bucket in Redis and
 * leave another tenant's alone; two coordinators count each submit once, on the session's owner,
 * and refuse the rest with 429 and {@code Retry-After}; open streams are counted on each instance
 * that holds their connection; with Redis dead, each instance decides on its own within the
 * timeout, bounded by the same limit, and goes back to the shared bucket once Redis is back.
 */
@BatonStackTest
class TenantLimitsIT {

  private static final Logger log = LoggerFactory.getLogger(TenantLimitsIT.class);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldHoldTwoInstancesToOneTenantsRateAndLeaveAnotherTenantAlone(
      StackAddresses stack, TestIds ids) throws Exception {
    Rate rate = Rate.parse("20/s");
    long burst = 10;
    TenantLimits limits =
        TenantLimits.builder()
            .submitRate(Optional.of(rate))
            .submitBurst(burst)
            // A busy machine's Redis round trip must not send a submit to the local bucket here.
            .redisTimeout(Duration.ofSeconds(2))
            .build();
    String acme = "acme-" + ids.id();
    try (TenantLimiter first = limiter(limits, stack.redisUri(), ids);
        TenantLimiter second = limiter(limits, stack.redisUri(), ids)) {
      assertThat(first.admitSubmit("warm-up").shared()).isTrue();
      assertThat(second.admitSubmit("warm-up").shared()).isTrue();

      Duration run = Duration.ofMillis(1500);
      long start = System.nanoTime();
      CompletableFuture<List<Admission>> onFirst = hammer(first, acme, start, run);
      CompletableFuture<List<Admission>> onSecond = hammer(second, acme, start, run);
      List<Admission> all =
          Stream.concat(onFirst.join().stream(), onSecond.join().stream()).toList();
      double seconds = (System.nanoTime() - start) / 1e9;

      long admitted = all.stream().filter(Admission::admitted).count();
      double bound = burst + rate.permits() * seconds;
      log.info(
          "{} submits of one tenant on two limiters in {} s: {} admitted (bound {}), {} refused",
          all.size(),
          seconds,
          admitted,
          bound,
          all.size() - admitted);
      assertThat(all).allMatch(Admission::shared, "decided by the shared bucket in Redis");
      assertThat((double) admitted).isLessThanOrEqualTo(bound + 1);
      assertThat(admitted)
          .as("the burst and some refill")
          .isGreaterThan(burst + rate.permits() / 2);
      assertThat(onFirst.join()).anyMatch(Admission::admitted);
      assertThat(onSecond.join()).anyMatch(Admission::admitted);
      assertThat(all)
          .filteredOn(Predicate.not(Admission::admitted))
          .isNotEmpty()
          .allMatch(a -> a.retryAfter().compareTo(Duration.ofMillis(50)) <= 0, "wait <= 1/rate")
          .allMatch(a -> a.retryAfter().isPositive(), "a positive wait");
      List<Admission> other =
          IntStream.range(0, (int) burst)
              .mapToObj(i -> second.admitSubmit("globex-" + ids.id()))
              .toList();
      assertThat(other).allMatch(Admission::admitted, "another tenant's burst is whole");
    }
  }

  @Test
  void shouldCountEachSubmitOnceOnItsOwnerAndStreamsPerInstance(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    TenantLimits limits =
        TenantLimits.builder()
            .submitRate(Optional.of(Rate.parse("1/h")))
            .submitBurst(6)
            .maxStreams(OptionalInt.of(1))
            .build();
    HttpOptions http = HttpOptions.builder().streamHeartbeat(Duration.ofMillis(500)).build();
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).coordinators(2).tenants(limits).http(http).start()) {
      BatonApi entry = fleet.api(0);
      List<String> forwarded = sessions(entry, ids, true);
      List<String> served = sessions(entry, ids, false);

      List<HttpResponse<String>> accepted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        accepted.add(submit(fleet, 0, forwarded.get(i)));
        accepted.add(submit(fleet, 0, served.get(i)));
      }
      HttpResponse<String> refusedHere = submit(fleet, 0, served.get(0));
      HttpResponse<String> refusedThere = submit(fleet, 1, forwarded.get(0));

      // A forwarded submit counted by both instances would have emptied the bucket of 6 early.
      assertThat(accepted).allMatch(r -> r.statusCode() == 202, "202 for each of the burst");
      assertThat(accepted)
          .filteredOn(r -> r.headers().firstValue(BatonApi.FORWARDED_TO_HEADER).isPresent())
          .hasSize(3);
      for (HttpResponse<String> refused : List.of(refusedHere, refusedThere)) {
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"SUBMIT_RATE_EXCEEDED\"");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
            .isBetween(3500L, 3600L);
      }

      try (SseStream held = feed(fleet, 0, served.get(0))) {
        assertThat(held.status()).isEqualTo(200);
        try (SseStream second = feed(fleet, 0, served.get(1));
            SseStream toTheFullOwner = feed(fleet, 1, served.get(2))) {
          assertThat(second.status()).isEqualTo(429);
          assertThat(second.problem().get("code").asText()).isEqualTo("TOO_MANY_STREAMS");
          // A forwarded stream holds a connection on the owner too, and is counted there.
          assertThat(toTheFullOwner.status()).isEqualTo(429);
        }
        // The other instance serves its own sessions' streams from its own count, once the
        // refused forward has given back the slot it held there while it relayed the answer.
        try (SseStream elsewhere = awaitServed(fleet, 1, forwarded.get(2))) {
          assertThat(elsewhere.status()).isEqualTo(200);
        }
      }
      // The server frees the slot when it finds the client gone, at the next heartbeat at most.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                try (SseStream again = feed(fleet, 0, served.get(1))) {
                  return again.status() == 200;
                }
              });

      PrometheusText metrics =
          PrometheusText.scrape(URI.create("http://" + fleet.address(0) + "/metrics"));
      PrometheusText other =
          PrometheusText.scrape(URI.create("http://" + fleet.address(1) + "/metrics"));
      assertThat(metrics.sum("baton_tenant_refusals_total", Map.of("limit", "submit_rate")))
          .as("the refused submit of a session this instance owns")
          .isEqualTo(1);
      assertThat(other.sum("baton_tenant_refusals_total", Map.of("limit", "submit_rate")))
          .as("the refused submit of a session the other instance owns")
          .isEqualTo(1);
      assertThat(GrafanaDashboard.queriedMetrics())
          .filteredOn(name -> name.startsWith("baton_tenant_"))
          .as("every tenant metric the Grafana dashboard queries is served")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(metrics.hasMetric(name)).as(name).isTrue());
    }
  }

  @Test
  void shouldLimitEachInstanceOnItsOwnWithinTheTimeoutWhileRedisIsDown(TestIds ids) {
    EmbeddedRedis redis = new EmbeddedRedis().start();
    int port = redis.port();
    TenantLimits limits =
        TenantLimits.builder().submitRate(Optional.of(Rate.parse("1/h"))).submitBurst(3).build();
    String tenant = "acme-" + ids.id();
    try (CoordinatorMeters meters = CoordinatorMeters.create();
        TenantLimiter limiter =
            TenantLimiter.start(limits, redis.uri(), ids.applicationId(), meters.tenantLimits())) {
      assertThat(limiter.admitSubmit(tenant)).isEqualTo(new Admission(true, Duration.ZERO, true));

      redis.close();
      List<Admission> down = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        down.add(limiter.admitSubmit(tenant));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("a submit while Redis is down waits at most the Redis timeout")
            .isLessThan(TenantLimits.DEFAULT_REDIS_TIMEOUT.plusMillis(500));
      }

      assertThat(down).noneMatch(Admission::shared);
      assertThat(down).filteredOn(Admission::admitted).hasSize(3);
      assertThat(down.get(9).retryAfter()).isGreaterThan(Duration.ofMinutes(59));
      assertThat(limiter.decidingLocally()).isTrue();
      assertThat(meters.scrape())
          .contains("baton_tenant_submit_fallbacks_total{outcome=\"admitted\"} 3.0")
          .contains("baton_tenant_submit_fallbacks_total{outcome=\"refused\"} 7.0")
          .contains("baton_tenant_refusals_total{limit=\"submit_rate\",tenant=\"" + tenant + "\"}");

      redis = new EmbeddedRedis().start(port);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> limiter.admitSubmit(tenant).shared());
      assertThat(limiter.decidingLocally()).isFalse();
    } finally {
      redis.close();
    }
  }

  private static TenantLimiter limiter(TenantLimits limits, String redisUri, TestIds ids) {
    return TenantLimiter.start(limits, redisUri, ids.applicationId(), LimitListener.NONE);
  }

  /** Submits of {@code tenant} on {@code limiter}, as fast as it answers, for {@code run}. */
  private static CompletableFuture<List<Admission>> hammer(
      TenantLimiter limiter, String tenant, long startNanos, Duration run) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<Admission> admissions = new ArrayList<>();
          while (System.nanoTime() - startNanos < run.toNanos()) {
            admissions.add(limiter.admitSubmit(tenant));
          }
          return admissions;
        });
  }

  /** Three new sessions that {@code api}'s instance forwards (or serves itself). */
  private static List<String> sessions(BatonApi api, TestIds ids, boolean forwarded) {
    List<String> sessions = new ArrayList<>();
    while (sessions.size() < 3) {
      String session = ids.sessionId();
      BatonApi.Reply probe = api.session(session);
      assertThat(probe.status()).as("%s", probe).isEqualTo(404);
      if ((probe.forwardedTo() != null) == forwarded) {
        sessions.add(session);
      }
    }
    return sessions;
  }

  private static HttpResponse<String> submit(BatonFleet fleet, int coordinator, String session) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://" + fleet.address(coordinator) + "/v1/sessions/" + session + "/turns"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"hello\"}"))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A stream of {@code session} from {@code coordinator}, opened again until it is served. */
  private static SseStream awaitServed(BatonFleet fleet, int coordinator, String session) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              SseStream stream = feed(fleet, coordinator, session);
              if (stream.status() == 200) {
                return stream;
              }
              stream.close();
              return null;
            },
            stream -> stream != null);
  }

  private static SseStream feed(BatonFleet fleet, int coordinator, String session) {
    return SseStream.open(
        fleet.coordinator(coordinator).httpPort(), "/v1/sessions/" + session + "/stream", null);
  }
}
