package dev.baton.cli.acceptance;

import static dev.baton.coordinator.auth.Scope.SESSIONS_READ;
import static dev.baton.coordinator.auth.Scope.TURNS_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.IssuedToken;
import dev.baton.coordinator.auth.TokenAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants with their own tokens, on two coordinators that read one tokens topic: each runs
 * turns on a session of the same id at the same time, and neither can read, stream, cancel or even
 * find the other's; requests without a valid token are 401, outside a token's scopes 403; a revoked
 * token is refused by every instance within seconds.
 */
@BatonStackTest
class TenantsIT {

  private static final int TURNS = 4;
  private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void shouldKeepTenantsApartAndRefuseWhatTokensDoNotAllow(StackAddresses stack, TestIds ids) {
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir)
                .coordinators(2)
                .workers(1)
                .auth(AuthMode.TOKENS)
                .start();
        TokenAdmin admin = fleet.tokenAdmin()) {
      IssuedToken acme = admin.create("acme", Set.of(TURNS_WRITE, SESSIONS_READ), "acme app");
      String globex = admin.create("globex", Set.of(TURNS_WRITE, SESSIONS_READ), "").token();
      String reader = admin.create("acme", Set.of(SESSIONS_READ), "acme dashboard").token();
      List<BatonApi> acmeApis = apis(fleet, acme.token());
      List<BatonApi> globexApis = apis(fleet, globex);
      String session = ids.sessionId();
      awaitKnownEverywhere(acmeApis, session);
      awaitKnownEverywhere(globexApis, session);

      CompletableFuture<Void> acmeTurns = runTurns(acmeApis, session, "acme");
      CompletableFuture<Void> globexTurns = runTurns(globexApis, session + "-own", "globex");
      acmeTurns.join();
      globexTurns.join();

      assertThat(acmeApis.get(1).history(session))
          .filteredOn(message -> message.role().equals("USER"))
          .extracting(HistoryMessage::content)
          .allSatisfy(content -> assertThat(content).startsWith("acme"))
          .hasSize(TURNS);
      for (BatonApi other : globexApis) {
        assertForeign(other, session);
      }
      assertUnauthenticated(fleet.api(0).withToken(null), session);
      assertUnauthenticated(fleet.api(1).withToken(acme.token() + "x"), session);
      BatonApi.Reply readOnly = fleet.api(0).withToken(reader).submit(session, "t-9", "x", null, 0);
      assertThat(readOnly.status()).as(readOnly.toString()).isEqualTo(403);
      assertThat(readOnly.problemCode()).isEqualTo("FORBIDDEN");
      assertThat(fleet.api(1).withToken(reader).session(session).status()).isEqualTo(200);

      assertListsRunningTurnsOverEveryInstance(acmeApis, globexApis, session);

      admin.revoke(acme.grant().tokenId());
      long revokedAt = System.nanoTime();
      for (BatonApi api : acmeApis) {
        await().atMost(REVOCATION_BOUND).until(() -> api.session(session).status() == 401);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(REVOCATION_BOUND);
      assertThat(globexApis.get(0).session(session + "-own").status()).isEqualTo(200);
    }
  }

  private static List<BatonApi> apis(BatonFleet fleet, String token) {
    return List.of(fleet.api(0).withToken(token), fleet.api(1).withToken(token));
  }

  /** Waits until every instance has read the token: a session never used is a 404, not a 401. */
  private static void awaitKnownEverywhere(List<BatonApi> apis, String session) {
    for (BatonApi api : apis) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.session(session + "-probe").status() == 404);
    }
  }

  /** Sequential turns on {@code session}, alternating between the instances. */
  private static CompletableFuture<Void> runTurns(
      List<BatonApi> apis, String session, String tenant) {
    return CompletableFuture.runAsync(
        () ->
            IntStream.range(0, TURNS)
                .forEach(
                    i -> {
                      BatonApi.Reply reply =
                          apis.get(i % 2)
                              .submitUntilDecided(
                                  session, "t-" + i, tenant + " turn " + i, "enqueue", 30);
                      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
                    }));
  }

  /**
   * Everything another tenant asks about {@code session} answers 404, as for a session never used.
   */
  private static void assertForeign(BatonApi other, String session) {
    List<BatonApi.Reply> replies =
        List.of(
            other.session(session),
            other.turn(session, "t-0"),
            other.get("/v1/sessions/" + session + "/history"),
            other.get("/v1/sessions/" + session + "/events"),
            other.get("/v1/sessions/" + session + "/turns"),
            other.get("/v1/sessions/" + session + "/turns/t-0/stream"),
            other.cancel(session, "t-0"));
    assertThat(replies)
        .allSatisfy(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(404));
  }

  /**
   * Slow turns on sessions spread over both instances' partitions: either instance lists all of the
   * tenant's running turns, and none of the other tenant's.
   */
  private static void assertListsRunningTurnsOverEveryInstance(
      List<BatonApi> acme, List<BatonApi> globex, String session) {
    List<String> slow = IntStream.range(0, 6).mapToObj(i -> session + "-slow-" + i).toList();
    for (String id : slow) {
      BatonApi.Reply started = acme.get(0).submitUntilDecided(id, "slow", "sleep 20000 z", null, 0);
      assertThat(started.status()).as(started.toString()).isEqualTo(202);
    }
    globex.get(0).submitUntilDecided(session + "-other", "slow", "sleep 20000 z", null, 0);
    for (BatonApi api : acme) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                BatonApi.Reply list = api.get("/v1/turns?status=running");
                assertThat(list.status()).as(list.toString()).isEqualTo(200);
                List<String> listed = new ArrayList<>();
                list.json().get("turns").forEach(t -> listed.add(t.get("sessionId").asText()));
                assertThat(listed).containsExactlyInAnyOrderElementsOf(slow);
              });
    }
  }

  private static void assertUnauthenticated(BatonApi api, String session) {
    List<BatonApi.Reply> replies =
        List.of(
            api.session(session),
            api.submit(session, "t-8", "no token", null, 0),
            api.get("/v1/sessions/" + session + "/turns/t-0/stream"),
            api.post("/v1/sessions/" + session + "/pause"));
    assertThat(replies)
        .allSatisfy(
            reply -> {
              assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
              assertThat(reply.problemCode()).isEqualTo("UNAUTHENTICATED");
            });
  }
}
