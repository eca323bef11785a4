package dev.baton.cli.acceptance;

import static dev.baton.coordinator.auth.Scope.SESSIONS_READ;
import static dev.baton.coordinator.auth.Scope.TURNS_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.EmbeddedRedis;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.limits.TurnKind;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's running and queued turns limited over two coordinators: slow turns on sessions owned
 * by each instance fill the tenant's limit, so that one more is refused with 429 on either instance
 * while another tenant runs its turns, and accepted once one of them is cancelled; a burst of
 * submits on many idle sessions at once, spread over both instances, starts exactly the limit. Two
 * limiters reserving at once in Redis count exactly the limit; turns nobody renews run out with
 * their lease; with Redis dead, each instance decides by its own count within the timeout, and goes
 * back to Redis once it is back.
 */
@BatonStackTest
class TenantTurnLimitsIT {

  private static final Logger log = LoggerFactory.getLogger(TenantTurnLimitsIT.class);

  /** Long enough to outlast the test; every slow turn is cancelled or ends with the fleet. */
  private static final String SLOW = "sleep 60000 slow";

  private static final Set<Scope> SCOPES = Set.of(TURNS_WRITE, SESSIONS_READ);
  private static final int MAX_RUNNING = 2;
  private static final int BURST = 8;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void shouldHoldATenantsRunningAndQueuedTurnsAcrossInstances(StackAddresses stack, TestIds ids) {
    TenantLimits limits =
        TenantLimits.builder()
            .maxActiveTurns(OptionalInt.of(MAX_RUNNING))
            .maxQueuedTurns(OptionalInt.of(1))
            // A busy machine's Redis round trip must not send a submit to the local count here.
            .redisTimeout(Duration.ofSeconds(2))
            .build();
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir)
                .coordinators(2)
                .auth(AuthMode.TOKENS)
                .tenants(limits)
                .start();
        TokenAdmin admin = fleet.tokenAdmin();
        TenantLimiter counts = limiter(limits, stack.redisUri(), ids)) {
      List<BatonApi> acme = apis(fleet, admin.create("acme", SCOPES, "").token());
      List<BatonApi> globex = apis(fleet, admin.create("globex", SCOPES, "").token());
      awaitKnown(acme, ids);
      awaitKnown(globex, ids);
      String onFirst = session(acme.get(0), ids, false);
      String onSecond = session(acme.get(0), ids, true);
      String idle = session(acme.get(0), ids, false);

      assertThat(startSlow(acme.get(0), onFirst).turnStatus()).isEqualTo("RUNNING");
      assertThat(startSlow(acme.get(1), onSecond).turnStatus()).isEqualTo("RUNNING");
      for (BatonApi api : acme) {
        BatonApi.Reply refused = api.submit(idle, "t-1", SLOW, null, 0);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.problemCode()).isEqualTo("TOO_MANY_ACTIVE_TURNS");
      }
      assertThat(startSlow(globex.get(0), ids.sessionId()).turnStatus())
          .as("another tenant's turns")
          .isEqualTo("RUNNING");

      assertQueuedTurnsLimited(acme, onFirst, onSecond);

      assertThat(acme.get(1).cancel(onFirst, "slow").status()).isEqualTo(200);
      // The first session's queued turn started in the cancelled one's place: nothing frees.
      assertThat(acme.get(0).submit(idle, "t-1", SLOW, null, 0).problemCode())
          .isEqualTo("TOO_MANY_ACTIVE_TURNS");
      assertThat(acme.get(0).cancel(onFirst, "queued-2").status()).isEqualTo(200);
      await()
          .atMost(SETTLE)
          .until(() -> acme.get(1).submit(idle, "t-1", SLOW, null, 0).status() == 202);

      assertThat(acme.get(0).cancel(onSecond, "slow").status()).isEqualTo(200);
      assertThat(acme.get(1).cancel(idle, "t-1").status()).isEqualTo(200);
      await().atMost(SETTLE).until(() -> counts.turnCount("acme", TurnKind.RUNNING) == 0);
      assertBurstStartsTheLimit(acme, ids, counts);
    }
  }

  /**
   * With both running turns in place, one queued turn is accepted (forwarded to its owner) and a
   * second is refused on either instance, until the first leaves the queue.
   */
  private static void assertQueuedTurnsLimited(
      List<BatonApi> acme, String onFirst, String onSecond) {
    BatonApi.Reply queued = acme.get(1).submit(onFirst, "queued", "hello", "enqueue", 0);
    assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
    assertThat(queued.turnStatus()).isEqualTo("QUEUED");
    for (BatonApi api : acme) {
      BatonApi.Reply refused = api.submit(onSecond, "queued", "hello", "enqueue", 0);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
      assertThat(refused.problemCode()).isEqualTo("TOO_MANY_QUEUED_TURNS");
    }
    assertThat(acme.get(0).cancel(onFirst, "queued").status()).isEqualTo(200);
    await()
        .atMost(SETTLE)
        .until(() -> acme.get(0).submit(onSecond, "queued", "hello", "enqueue", 0).status() == 202);
    assertThat(acme.get(1).cancel(onSecond, "queued").status()).isEqualTo(200);
    // The first session queues again, for the cancel of its running turn to start.
    assertThat(acme.get(1).submit(onFirst, "queued-2", SLOW, "enqueue", 0).status()).isEqualTo(202);
  }

  /**
   * {@value #BURST} submits at once on idle sessions over both instances start exactly the limit.
   */
  private static void assertBurstStartsTheLimit(
      List<BatonApi> acme, TestIds ids, TenantLimiter counts) {
    List<String> sessions = IntStream.range(0, BURST).mapToObj(i -> ids.sessionId()).toList();
    List<CompletableFuture<BatonApi.Reply>> sent = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      BatonApi api = acme.get(i % 2);
      String session = sessions.get(i);
      sent.add(CompletableFuture.supplyAsync(() -> api.submit(session, "burst", SLOW, null, 0)));
    }
    List<BatonApi.Reply> replies = sent.stream().map(CompletableFuture::join).toList();

    long started = replies.stream().filter(r -> r.status() == 202).count();
    log.info(
        "{} submits of one tenant at once on idle sessions over 2 instances, limit {}: {} started,"
            + " {} refused",
        BURST,
        MAX_RUNNING,
        started,
        replies.stream().filter(r -> r.status() == 429).count());
    assertThat(replies)
        .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(202, 429))
        .filteredOn(r -> r.status() == 429)
        .allSatisfy(r -> assertThat(r.problemCode()).isEqualTo("TOO_MANY_ACTIVE_TURNS"));
    assertThat(started).isEqualTo(MAX_RUNNING);
    assertThat(counts.turnCount("acme", TurnKind.RUNNING)).isEqualTo(MAX_RUNNING);
  }

  @Test
  void shouldReserveExactlyTheLimitFromTwoInstancesAtOnceAndLetUnrenewedTurnsRunOut(
      StackAddresses stack, TestIds ids) {
    TenantLimits limits =
        TenantLimits.builder()
            .maxActiveTurns(OptionalInt.of(5))
            .redisTimeout(Duration.ofSeconds(2))
            .turnRenewInterval(Duration.ofMillis(200))
            .build();
    try (TenantLimiter first = limiter(limits, stack.redisUri(), ids);
        TenantLimiter second = limiter(limits, stack.redisUri(), ids)) {
      CompletableFuture<Long> onFirst = reserveMany(first, "a");
      CompletableFuture<Long> onSecond = reserveMany(second, "b");
      long reserved = onFirst.join() + onSecond.join();

      log.info("{} reservations on two limiters at once, limit 5: {} counted", 2 * 50, reserved);
      assertThat(reserved).isEqualTo(5);
      assertThat(first.turnCount("acme", TurnKind.RUNNING)).isEqualTo(5);
      assertThat(second.turnCount("globex", TurnKind.RUNNING)).as("another tenant").isZero();
      // Nobody owns these sessions, so nobody renews their turns: they run out with their lease.
      await()
          .atMost(limits.turnLease().multipliedBy(5))
          .until(() -> second.turnCount("acme", TurnKind.RUNNING) == 0);
    }
  }

  @Test
  void shouldCountTurnsOnEachInstanceWithinTheTimeoutWhileRedisIsDown(TestIds ids) {
    EmbeddedRedis redis = new EmbeddedRedis().start();
    int port = redis.port();
    TenantLimits limits = TenantLimits.builder().maxActiveTurns(OptionalInt.of(2)).build();
    try (CoordinatorMeters meters = CoordinatorMeters.create();
        TenantLimiter limiter =
            TenantLimiter.start(limits, redis.uri(), ids.applicationId(), meters.tenantLimits())) {
      assertThat(limiter.reserveTurn("acme/s-0", "t-1", TurnKind.RUNNING)).isPresent();

      redis.close();
      List<Boolean> down = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        long start = System.nanoTime();
        down.add(limiter.reserveTurn("acme/s-" + i, "t-1", TurnKind.RUNNING).isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("a reservation while Redis is down waits at most the Redis timeout")
            .isLessThan(TenantLimits.DEFAULT_REDIS_TIMEOUT.plusMillis(500));
      }

      assertThat(down)
          .as("this instance's own count holds the limit")
          .containsExactly(true, false, false);
      assertThat(limiter.countingTurnsLocally()).isTrue();
      assertThat(meters.scrape())
          .contains("baton_tenant_turn_fallbacks_total{outcome=\"admitted\"} 1.0")
          .contains("baton_tenant_turn_fallbacks_total{outcome=\"refused\"} 2.0")
          .contains("baton_tenant_refusals_total{limit=\"active_turns\",tenant=\"acme\"} 2.0");

      redis = new EmbeddedRedis().start(port);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  limiter.reserveTurn("acme/s-9", "t-1", TurnKind.RUNNING).isPresent()
                      && !limiter.countingTurnsLocally());
    } finally {
      redis.close();
    }
  }

  private static TenantLimiter limiter(TenantLimits limits, String redisUri, TestIds ids) {
    return TenantLimiter.start(limits, redisUri, ids.applicationId(), LimitListener.NONE);
  }

  /** 50 turns of tenant acme reserved on {@code limiter}, as fast as it answers: how many count. */
  private static CompletableFuture<Long> reserveMany(TenantLimiter limiter, String prefix) {
    return CompletableFuture.supplyAsync(
        () ->
            IntStream.range(0, 50)
                .filter(
                    i ->
                        limiter
                            .reserveTurn("acme/" + prefix + "-" + i, "t-1", TurnKind.RUNNING)
                            .isPresent())
                .count());
  }

  private static BatonApi.Reply startSlow(BatonApi api, String session) {
    BatonApi.Reply reply = api.submitUntilDecided(session, "slow", SLOW, null, 0);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply;
  }

  private static List<BatonApi> apis(BatonFleet fleet, String token) {
    return List.of(fleet.api(0).withToken(token), fleet.api(1).withToken(token));
  }

  /** Waits until every instance has read the token: a session never used is a 404, not a 401. */
  private static void awaitKnown(List<BatonApi> apis, TestIds ids) {
    String probe = ids.sessionId();
    for (BatonApi api : apis) {
      await().atMost(SETTLE).until(() -> api.session(probe).status() == 404);
    }
  }

  /** A new session that {@code api}'s instance forwards (or owns itself). */
  private static String session(BatonApi api, TestIds ids, boolean forwarded) {
    while (true) {
      String session = ids.sessionId();
      BatonApi.Reply probe = api.session(session);
      assertThat(probe.status()).as("%s", probe).isEqualTo(404);
      if ((probe.forwardedTo() != null) == forwarded) {
        return session;
      }
    }
  }
}
