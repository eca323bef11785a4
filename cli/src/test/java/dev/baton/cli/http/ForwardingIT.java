package dev.baton.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.http.ApiClient;
import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.http.HttpApi;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two coordinator instances of one application: a request to the non-owner is forwarded. */
@BatonStackTest
class ForwardingIT {

  @Test
  void shouldForwardRequestsForASessionToItsOwnerAndRelayTheAnswer(
      StackAddresses stack, TestIds ids, @TempDir Path stateA, @TempDir Path stateB)
      throws Exception {
    TopicLayout layout = ids.layout(4);
    Coordinators.createTopics(stack, layout);
    try (Coordinator a = Coordinators.start(stack, layout, stateA);
        Coordinator b = Coordinators.start(stack, layout, stateB);
        SimulatedWorker worker = new SimulatedWorker(stack, layout, ids)) {
      ApiClient viaA = new ApiClient(a.httpPort());
      ApiClient viaB = new ApiClient(b.httpPort());
      String ownedByB = sessionOwnedBy(viaA, viaB, ids, "127.0.0.1:" + b.httpPort());

      CompletableFuture<Response> waiting =
          CompletableFuture.supplyAsync(() -> viaA.submit(ownedByB, "t-1", "Hi", null, "?wait=30"));
      worker.answer(ownedByB, "t-1", "Hello from B's session");

      Response answered = waiting.get();
      assertThat(answered.status()).as(answered.body()).isEqualTo(200);
      assertThat(answered.header(HttpApi.FORWARDED_TO_HEADER))
          .isEqualTo("127.0.0.1:" + b.httpPort());
      assertThat(answered.json().get("answer").asText()).isEqualTo("Hello from B's session");
      Response viaOwner = viaB.get("/v1/sessions/" + ownedByB);
      Response forwarded = viaA.get("/v1/sessions/" + ownedByB);
      assertThat(forwarded.status()).isEqualTo(200);
      assertThat(forwarded.json()).isEqualTo(viaOwner.json());
      assertThat(viaOwner.header(HttpApi.FORWARDED_TO_HEADER)).isNull();
    }
  }

  /**
   * A session that B owns, once ownership has settled: A forwards it to B and B serves it itself.
   */
  private static String sessionOwnedBy(ApiClient viaA, ApiClient viaB, TestIds ids, String b) {
    AtomicReference<String> found = new AtomicReference<>();
    String[] candidates =
        IntStream.range(0, 32).mapToObj(i -> ids.sessionId()).toArray(String[]::new);
    await()
        .atMost(Coordinators.START_TIMEOUT)
        .until(
            () -> {
              for (String session : candidates) {
                Response fromA = viaA.get("/v1/sessions/" + session);
                Response fromB = viaB.get("/v1/sessions/" + session);
                if (fromA.status() == 404
                    && b.equals(fromA.header(HttpApi.FORWARDED_TO_HEADER))
                    && fromB.status() == 404
                    && fromB.header(HttpApi.FORWARDED_TO_HEADER) == null) {
                  found.set(session);
                  return true;
                }
              }
              return false;
            });
    return found.get();
  }
}
