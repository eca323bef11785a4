package dev.baton.coordinator.http;

import static dev.baton.coordinator.http.KnownTokens.ACME;
import static dev.baton.coordinator.http.KnownTokens.ACME_READER;
import static dev.baton.coordinator.http.KnownTokens.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.coordinator.http.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/sessions/{id}/turns/{turnId}/tool-calls/{callId}/approval} over the real session
 * model: the waiting call in the pending turns, 200 with the decision, and every refusal as its
 * problem; only the session's tenant, with {@code turns:write}, may decide.
 */
class ApprovalApiTest {

  private static final String APPROVAL = "/v1/sessions/s-1/turns/t-1/tool-calls/c-1/approval";

  private final KnownTokens tokens = KnownTokens.ofTenants();
  private InMemoryApi server;
  private ApiClient acme;

  @BeforeEach
  void start() {
    server = InMemoryApi.withTokens(tokens);
    acme = server.client().withToken(ACME);
    acme.submit("s-1", "t-1", "hello", null, "");
    server.sessions().askForCalls("acme/s-1", "read_a", InMemorySessions.NEEDS_APPROVAL);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldShowTheWaitingCallAndAnswerTheApprovalWithItsEditedArguments() {
    JsonNode waiting =
        acme.get("/v1/sessions/s-1/turns").json().get("activeTurn").get("awaitingApproval");
    assertThat(waiting).hasSize(1);
    assertThat(waiting.get(0).get("callId").asText()).isEqualTo("c-1");
    assertThat(waiting.get(0).get("name").asText()).isEqualTo("deploy");
    assertThat(waiting.get(0).get("arguments").isObject()).isTrue();
    assertThat(waiting.get(0).get("deadline").asText()).isNotBlank();

    Response response =
        acme.post(
            APPROVAL,
            "{\"decision\":\"approve\",\"arguments\":{\"to\":\"staging\"},\"reason\":\"ok\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().get("decision").asText()).isEqualTo("APPROVED");
    assertThat(response.json().get("arguments").get("to").asText()).isEqualTo("staging");
    assertThat(response.json().get("reason").asText()).isEqualTo("ok");
    assertThat(response.json().get("decidedBy").asText()).isEqualTo(ACME);
    assertThat(acme.get("/v1/sessions/s-1/turns").json().get("activeTurn").get("awaitingApproval"))
        .isEmpty();
  }

  @Test
  void shouldAnswerEveryRefusalAsItsProblem() {
    acme.post(APPROVAL, "{\"decision\":\"maybe\"}").assertProblem(400, "INVALID_BODY", "decision");
    acme.post(APPROVAL, "{\"decision\":\"deny\",\"arguments\":{}}")
        .assertProblem(400, "INVALID_BODY", "arguments");
    acme.post(APPROVAL, "{\"decision\":\"approve\",\"reason\":7}")
        .assertProblem(400, "INVALID_BODY", "reason");
    acme.post(APPROVAL.replace("t-1", "t-9"), "{\"decision\":\"approve\"}")
        .assertProblem(404, "TURN_NOT_FOUND", null);
    acme.post(APPROVAL.replace("c-1", "c-9"), "{\"decision\":\"approve\"}")
        .assertProblem(404, "CALL_NOT_FOUND", null);
    acme.post(APPROVAL.replace("c-1", "c-0"), "{\"decision\":\"approve\"}")
        .assertProblem(409, "APPROVAL_NOT_PENDING", null);

    assertThat(acme.post(APPROVAL, "{\"decision\":\"deny\"}").json().get("decision").asText())
        .isEqualTo("DENIED");
    acme.post(APPROVAL, "{\"decision\":\"approve\"}")
        .assertProblem(409, "APPROVAL_NOT_PENDING", null);
  }

  @Test
  void shouldLetOnlyTheSessionsTenantWithTheRightToSubmitDecide() {
    server
        .client()
        .withToken(GLOBEX)
        .post(APPROVAL, "{\"decision\":\"approve\"}")
        .assertProblem(404, "SESSION_NOT_FOUND", null);
    server
        .client()
        .withToken(ACME_READER)
        .post(APPROVAL, "{\"decision\":\"approve\"}")
        .assertProblem(403, "FORBIDDEN", null);
    assertThat(acme.get("/v1/sessions/s-1/turns").json().get("activeTurn").get("awaitingApproval"))
        .hasSize(1);
  }
}
