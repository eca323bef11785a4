package dev.baton.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.acceptance.BatonFleet;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.IssuedToken;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.coordinator.auth.TokenDirectory;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that takes API tokens of the tokens topic: a remote worker with a {@code worker} token
 * runs a turn's step; no token or an unknown one is a 401, a token without the scope a 403, and a
 * revoked worker token is refused within seconds.
 */
@BatonStackTest
class GatewayWorkerTokensIT {

  @TempDir Path dir;

  @Test
  void shouldServeOnlyRemoteWorkersWithAWorkerToken(StackAddresses stack, TestIds ids)
      throws Exception {
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir).workers(0).auth(AuthMode.TOKENS).start();
        TokenAdmin admin = fleet.tokenAdmin();
        SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
        TokenDirectory tokens =
            TokenDirectory.start(
                stack.kafkaBootstrap(), Topics.create(ids.layout(6), registry).tokens());
        WorkerGateway gateway =
            WorkerGateway.start(
                fleet.workerBuilder("gateway"),
                GatewayOptions.builder().host("127.0.0.1").port(0).workerTokens(tokens).build())) {
      IssuedToken worker = admin.create("default", Set.of(Scope.WORKER), "python fleet");
      String client = admin.create("default", Set.of(Scope.TURNS_WRITE), "client").token();
      await().atMost(Duration.ofSeconds(30)).until(() -> tokens.verify(worker.token()).isPresent());

      assertThat(poll(gateway, null).status()).isEqualTo(401);
      assertThat(poll(gateway, client + "x").status()).isEqualTo(401);
      RemoteWorkerClient.Reply forbidden = poll(gateway, client);
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.problemCode()).isEqualTo("FORBIDDEN");

      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      CompletableFuture<BatonApi.Reply> turn =
          CompletableFuture.supplyAsync(
              () -> api.submitUntilDecided(session, "t-1", "hi", null, 60));
      RemoteWorkerClient remote = new RemoteWorkerClient(gateway.port(), worker.token());
      RemoteWorkerClient.Reply claimed = remote.claimAgentStep();
      String deliveryId = claimed.json().get("deliveryId").asText();
      assertThat(remote.answer(deliveryId, "hello from a worker token").status()).isEqualTo(204);
      assertThat(turn.join().turnStatus()).isEqualTo("COMPLETED");

      admin.revoke(worker.grant().tokenId());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> poll(gateway, worker.token()).status() == 401);
    }
  }

  private static RemoteWorkerClient.Reply poll(WorkerGateway gateway, String token) {
    return new RemoteWorkerClient(gateway.port(), token).pollForAgentSteps(Duration.ofMillis(100));
  }
}
