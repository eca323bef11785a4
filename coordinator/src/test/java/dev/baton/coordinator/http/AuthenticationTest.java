package dev.baton.coordinator.http;

import static dev.baton.coordinator.http.KnownTokens.ACME;
import static dev.baton.coordinator.http.KnownTokens.ACME_READER;
import static dev.baton.coordinator.http.KnownTokens.GLOBEX;
import static dev.baton.coordinator.http.KnownTokens.GLOBEX_ADMIN;
import static dev.baton.coordinator.http.KnownTokens.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.http.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens, scopes and tenants on the session endpoints, with the session model in memory. */
class AuthenticationTest {

  private final KnownTokens tokens = KnownTokens.ofTenants();
  private InMemoryApi server;
  private ApiClient anonymous;

  @BeforeEach
  void start() {
    server = InMemoryApi.withTokens(tokens);
    anonymous = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldRefuseARequestWithoutTokenWith401AndAChallenge() {
    Response response =
        anonymous.get("/v1/sessions/s-1").assertProblem(401, "UNAUTHENTICATED", null);

    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void shouldRefuseAnUnknownOrMistypedTokenWith401() {
    anonymous
        .withToken("baton_0123456789abcdef_nope")
        .get("/v1/sessions/s-1")
        .assertProblem(401, "UNAUTHENTICATED", null);
    anonymous
        .withToken(ACME + "x")
        .get("/v1/sessions/s-1")
        .assertProblem(401, "UNAUTHENTICATED", null);
  }

  @Test
  void shouldRefuseARequestOutsideTheTokensScopesWith403() {
    ApiClient reader = anonymous.withToken(ACME_READER);

    reader.submit("s-1", "t-1", "hi", null, "").assertProblem(403, "FORBIDDEN", null);
    reader.post("/v1/sessions/s-1/pause", "{}").assertProblem(403, "FORBIDDEN", null);
    assertThat(reader.get("/v1/sessions/s-1").status()).isEqualTo(404);
  }

  @Test
  void shouldKeepEachTenantsSessionsApartAndAnswer404ForAnothers() throws Exception {
    ApiClient acme = anonymous.withToken(ACME);
    ApiClient globex = anonymous.withToken(GLOBEX);

    assertThat(acme.submit("s-1", "t-1", "from acme", null, "").status()).isEqualTo(202);

    globex.get("/v1/sessions/s-1").assertProblem(404, "SESSION_NOT_FOUND", null);
    globex.get("/v1/sessions/s-1/turns/t-1").assertProblem(404, "SESSION_NOT_FOUND", null);
    globex.get("/v1/sessions/s-1/history").assertProblem(404, "SESSION_NOT_FOUND", null);
    globex.delete("/v1/sessions/s-1/turns/t-1").assertProblem(404, "SESSION_NOT_FOUND", null);
    ApiClient globexAdmin = anonymous.withToken(GLOBEX_ADMIN);
    globexAdmin.post("/v1/sessions/s-1/pause", "").assertProblem(404, "SESSION_NOT_FOUND", null);
    globexAdmin.post("/v1/sessions/s-1/resume", "").assertProblem(404, "SESSION_NOT_FOUND", null);
    globexAdmin.delete("/v1/sessions/s-1/history").assertProblem(404, "SESSION_NOT_FOUND", null);
    globexAdmin
        .post("/v1/sessions/s-1/turns/t-1/kill", "")
        .assertProblem(404, "SESSION_NOT_FOUND", null);
    assertThat(acme.get("/v1/sessions/s-1").json().get("paused").asBoolean()).isFalse();
    assertThat(server.sessions().session("acme/s-1")).isPresent();
    assertThat(server.sessions().session("globex/s-1")).isEmpty();

    assertThat(globex.submit("s-1", "t-1", "from globex", null, "").status()).isEqualTo(202);
    assertThat(acme.get("/v1/sessions/s-1").json().get("sessionId").asText()).isEqualTo("s-1");
    assertThat(server.sessions().session("globex/s-1")).isPresent();
  }

  @Test
  void shouldLetOnlyTheFleetsAdminActForAnotherTenant() {
    anonymous.withToken(ACME).submit("s-1", "t-1", "hi", null, "");

    Response asGlobex =
        anonymous
            .withToken(GLOBEX)
            .send(
                anonymous
                    .withToken(GLOBEX)
                    .request("/v1/sessions/s-1")
                    .header(Authentication.TENANT_HEADER, "acme")
                    .GET()
                    .build());
    asGlobex.assertProblem(403, "FORBIDDEN", null);

    ApiClient operator = anonymous.withToken(OPERATOR);
    Response asOperator =
        operator.send(
            operator
                .request("/v1/sessions/s-1")
                .header(Authentication.TENANT_HEADER, "acme")
                .GET()
                .build());
    assertThat(asOperator.status()).as(asOperator.body()).isEqualTo(200);
  }

  @Test
  void shouldListOnlyTheCallersTenantsRunningTurns() {
    ApiClient acme = anonymous.withToken(ACME);
    acme.submit("s-1", "t-1", "one", null, "");
    acme.submit("s-2", "t-2", "two", null, "");
    acme.submit("s-2", "t-3", "queued", "enqueue", "");
    anonymous.withToken(GLOBEX).submit("s-1", "t-9", "other tenant", null, "");

    Response running = acme.get("/v1/turns?status=running");
    Response queued = acme.get("/v1/turns?status=queued");

    assertThat(running.status()).as(running.body()).isEqualTo(200);
    assertThat(running.json().get("turns"))
        .extracting(turn -> turn.get("sessionId").asText() + "/" + turn.get("turnId").asText())
        .containsExactly("s-1/t-1", "s-2/t-2");
    assertThat(queued.json().get("turns"))
        .extracting(turn -> turn.get("turnId").asText())
        .containsExactly("t-3");
    acme.get("/v1/turns?status=done").assertProblem(400, "INVALID_PARAMETER", "status");
  }

  @Test
  void shouldServeHealthWithoutToken() {
    assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void shouldAnswer503UntilTheTokensAreLoaded() {
    tokens.ready = false;

    anonymous.withToken(ACME).get("/v1/sessions/s-1").assertProblem(503, "NOT_READY", null);
  }
}
