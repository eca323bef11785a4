package dev.baton.coordinator.http;

import static dev.baton.coordinator.http.KnownTokens.ACME;
import static dev.baton.coordinator.http.KnownTokens.ACME_READER;
import static dev.baton.coordinator.http.KnownTokens.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.http.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/sessions/{id}/fork} over the real session model: 201 with the fork's view, and
 * every refusal as its problem; a tenant's fork names sessions of its own tenant only.
 */
class ForkApiTest {

  private final KnownTokens tokens = KnownTokens.ofTenants();
  private InMemoryApi server;
  private ApiClient acme;

  @BeforeEach
  void start() {
    server = InMemoryApi.withTokens(tokens);
    acme = server.client().withToken(ACME);
    acme.submit("s-1", "t-1", "hello", null, "");
    server.sessions().answerActiveTurn("acme/s-1", "hi");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String fork(String id, long atSeq) {
    return "{\"sessionId\":\"" + id + "\",\"atSeq\":" + atSeq + "}";
  }

  @Test
  void shouldAnswer201WithTheForksView() {
    Response response = acme.post("/v1/sessions/s-1/fork", fork("s-2", 1));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(response.json().get("sessionId").asText()).isEqualTo("s-2");
    assertThat(response.json().get("history").get("nextSeq").asLong()).isEqualTo(2);
    assertThat(acme.get("/v1/sessions/s-1").json().get("history").get("nextSeq").asLong())
        .isEqualTo(3);
  }

  @Test
  void shouldAnswerEveryRefusalAsItsProblem() {
    acme.post("/v1/sessions/nope/fork", fork("s-2", 1))
        .assertProblem(404, "SESSION_NOT_FOUND", null);
    acme.post("/v1/sessions/s-1/fork", fork("s-2", 3))
        .assertProblem(422, "SEQ_OUT_OF_RANGE", "atSeq");
    acme.post("/v1/sessions/s-1/fork", fork("s-1", 1))
        .assertProblem(400, "INVALID_BODY", "sessionId");
    acme.post("/v1/sessions/s-1/fork", "{\"sessionId\":\"s-2\",\"atSeq\":\"one\"}")
        .assertProblem(400, "INVALID_BODY", "atSeq");
    acme.post("/v1/sessions/s-1/fork", fork("bad/id", 1))
        .assertProblem(400, "INVALID_SESSION_ID", "sessionId");
  }

  @Test
  void shouldAnswer409WhenTheForkExists() {
    acme.post("/v1/sessions/s-1/fork", fork("s-2", 1));

    acme.post("/v1/sessions/s-1/fork", fork("s-2", 2))
        .assertProblem(409, "SESSION_EXISTS", "sessionId");
    acme.post("/v1/sessions/s-2/fork", fork("s-1", 1))
        .assertProblem(409, "SESSION_EXISTS", "sessionId");
  }

  @Test
  void shouldNotForkAnotherTenantsSessionNorWithoutTheRightToSubmit() {
    server
        .client()
        .withToken(GLOBEX)
        .post("/v1/sessions/s-1/fork", fork("s-2", 1))
        .assertProblem(404, "SESSION_NOT_FOUND", null);
    server
        .client()
        .withToken(ACME_READER)
        .post("/v1/sessions/s-1/fork", fork("s-2", 1))
        .assertProblem(403, "FORBIDDEN", null);
    assertThat(acme.get("/v1/sessions/s-2").status()).isEqualTo(404);
  }
}
