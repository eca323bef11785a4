package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.coordinator.session.SessionLimits;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad HTTP input, including what the HTTP server itself refuses, is answered with a problem in
 * valid UTF-8 with a stable code. Some requests go over a raw socket, since {@code java.net.http}
 * refuses to send them.
 */
class BadRequestTest {

  private static final SessionLimits LIMITS =
      SessionLimits.builder().queueCapacity(1).maxInputBytes(1024).build();

  private InMemorySessions sessions;
  private HttpApi api;
  private ApiClient client;

  @BeforeEach
  void start() {
    InMemoryApi server = InMemoryApi.start(LIMITS, HttpOptions.defaults());
    sessions = server.sessions();
    api = server.api();
    client = server.client();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldAnswer400MalformedRequestForANulInThePath() {
    RawHttp.Response response =
        RawHttp.send(api.port(), "GET /v1/sessions/a%00b HTTP/1.1\r\nHost: x");

    assertProblem(response, 400, "MALFORMED_REQUEST");
  }

  @Test
  void shouldAnswer400MalformedRequestForABadPercentEscape() {
    RawHttp.Response response =
        RawHttp.send(api.port(), "GET /v1/sessions/a%zzb HTTP/1.1\r\nHost: x");

    assertProblem(response, 400, "MALFORMED_REQUEST");
  }

  @Test
  void shouldAnswer414UriTooLongForA100KbUrl() {
    String path = "/v1/sessions/s-1?reason=" + "x".repeat(100 * 1024);

    RawHttp.Response response = RawHttp.send(api.port(), "GET " + path + " HTTP/1.1\r\nHost: x");

    assertProblem(response, 414, "URI_TOO_LONG");
  }

  @Test
  void shouldAnswer431HeadersTooLargeForA60KbHeader() {
    RawHttp.Response response =
        RawHttp.send(
            api.port(),
            "GET /v1/sessions/s-1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(60 * 1024));

    assertProblem(response, 431, "HEADERS_TOO_LARGE");
  }

  @Test
  void shouldAnswerAProblemFor5000QueryParameters() {
    StringBuilder query = new StringBuilder("?wait=0");
    for (int i = 0; i < 5000; i++) {
      query.append("&p").append(i).append('=').append(i);
    }

    RawHttp.Response response =
        RawHttp.send(api.port(), "GET /v1/sessions/s-1" + query + " HTTP/1.1\r\nHost: x");

    assertProblem(response, 414, "URI_TOO_LONG");
  }

  @Test
  void shouldAnswerInValidUtf8ForRawUtf8InThePath() {
    RawHttp.Response response =
        RawHttp.send(api.port(), "GET /v1/sessions/caf\u00e9 HTTP/1.1\r\nHost: x");

    JsonNode problem = assertProblem(response, 400, "INVALID_SESSION_ID");
    assertThat(problem.get("instance").asText()).isEqualTo("/v1/sessions/caf\u00e9");
  }

  @Test
  void shouldAnswer400InvalidBodyForTrailingContent() {
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":\"x\"}{\"input\":\"y\"}")
        .assertProblem(400, "INVALID_BODY", null);
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldAnswer400InvalidParameterForAnEmptyParameter() {
    client
        .post("/v1/sessions/s-1/turns?wait=", "{\"input\":\"x\"}")
        .assertProblem(400, "INVALID_PARAMETER", "wait");
    client.get("/v1/sessions/s-1/history?limit=").assertProblem(400, "INVALID_PARAMETER", "limit");
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldAnswer405WithAllowForAnUnsupportedMethod() {
    ApiClient.Response response =
        client.send(
            HttpRequest.newBuilder(client.uri("/v1/sessions/s-1/turns"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

    response.assertProblem(405, "METHOD_NOT_ALLOWED", null);
    assertThat(response.header("Allow")).contains("GET", "POST").doesNotContain("PUT");
  }

  @Test
  void shouldStillAnswer404ForAnUnknownPath() {
    client.get("/v1/nothing-here").assertProblem(404, "NOT_FOUND", null);
  }

  @Test
  void shouldAnswer413ForABodyOverTheLimit() {
    String body = "x".repeat(RequestBody.maxBytes(LIMITS) + 1);

    client.post("/v1/sessions/s-1/turns", body).assertProblem(413, "BODY_TOO_LARGE", null);
  }

  @Test
  void shouldAnswer413ForADeclaredLengthOverTheLimitBeforeReadingIt() {
    RawHttp.Response response =
        RawHttp.send(
            api.port(),
            ("POST /v1/sessions/s-1/turns HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 100000000")
                .getBytes(StandardCharsets.US_ASCII),
            new byte[0]);

    assertProblem(response, 413, "BODY_TOO_LARGE");
  }

  /**
   * A chunked body declares no length: it is refused once the limit's bytes have come, while the
   * client has not finished it (and never does here).
   */
  @Test
  void shouldAnswer413ForAChunkedBodyOverTheLimitBeforeItEnds() throws Exception {
    int over = RequestBody.maxBytes(LIMITS) + 1;
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/sessions/s-1/turns HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(over)
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write("x".repeat(over).getBytes(StandardCharsets.US_ASCII));
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
  }

  private static JsonNode assertProblem(RawHttp.Response response, int status, String code) {
    String body = response.utf8Body();
    assertThat(response.status()).as(body).isEqualTo(status);
    assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
    JsonNode json;
    try {
      json = ApiClient.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.get("code").asText()).isEqualTo(code);
    assertThat(json.get("type").asText()).startsWith("urn:baton:problem:");
    assertThat(json.get("detail").asText()).isNotBlank();
    return json;
  }
}
