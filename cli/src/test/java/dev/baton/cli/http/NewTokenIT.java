package dev.baton.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TenantIds;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token created while a coordinator runs is accepted once {@link Coordinator#awaitToken} says so
 * ({@code baton dev} waits for it before it prints its token): the coordinator reads the tokens
 * topic in the background, so a request sent right after the token was written could be refused.
 */
@BatonStackTest
class NewTokenIT {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  @Test
  void shouldAcceptATokenAsSoonAsAwaitTokenReturns(
      StackAddresses stack, TestIds ids, @TempDir Path stateDir) throws Exception {
    TopicLayout layout = ids.layout(1);
    Coordinators.createTopics(stack, layout);
    try (Coordinator coordinator = Coordinators.start(stack, layout, stateDir, AuthMode.TOKENS);
        SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
        TokenAdmin admin =
            TokenAdmin.connect(stack.kafkaBootstrap(), Topics.create(layout, registry).tokens())) {
      String token =
          admin.create(TenantIds.DEFAULT, Set.of(Scope.SESSIONS_READ), "new token").token();

      assertThat(coordinator.awaitToken(token, WITHIN)).isTrue();
      assertThat(status(coordinator, token)).as("the first request with it").isNotEqualTo(401);
      assertThat(status(coordinator, token + "x")).as("a wrong secret").isEqualTo(401);
      assertThat(coordinator.awaitToken("baton_0123456789abcdef_never", Duration.ofMillis(200)))
          .as("a token never created")
          .isFalse();
    }
  }

  private static int status(Coordinator coordinator, String token) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + coordinator.httpPort() + "/v1/sessions/s1"))
              .header("Authorization", "Bearer " + token)
              .build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
