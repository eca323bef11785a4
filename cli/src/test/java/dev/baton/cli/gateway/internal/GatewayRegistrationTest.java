package dev.baton.cli.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.worker.OperationClass;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a remote worker may declare about its tools when it polls for work. */
class GatewayRegistrationTest {

  private final GatewayServer server =
      GatewayServer.start(
          GatewayOptions.builder()
              .host("127.0.0.1")
              .port(0)
              .tool("write_note", OperationClass.WRITE)
              .tool("deploy", OperationClass.WRITE)
              .approvalTools(List.of("deploy"))
              .build());

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void shouldTakeAWorkerThatDeclaresTheApprovalTheGatewayServes() throws Exception {
    HttpResponse<String> poll =
        poll("{\"name\":\"deploy\",\"operationClass\":\"WRITE\"," + "\"needsApproval\":true}");

    assertThat(poll.statusCode()).isEqualTo(204);
  }

  @Test
  void shouldTakeAWorkerThatDoesNotDeclareAnApprovalTheGatewayAsksFor() throws Exception {
    HttpResponse<String> poll = poll("{\"name\":\"deploy\",\"operationClass\":\"WRITE\"}");

    assertThat(poll.statusCode()).isEqualTo(204);
  }

  @Test
  void shouldRefuseAWorkerThatDeclaresAnApprovalTheGatewayDoesNotServe() throws Exception {
    HttpResponse<String> poll =
        poll("{\"name\":\"write_note\",\"operationClass\":\"WRITE\",\"needsApproval\":true}");

    assertThat(poll.statusCode()).isEqualTo(422);
    assertThat(poll.body()).contains("UNKNOWN_TOOL", "write_note", "--gateway-approval-tools");
  }

  @Test
  void shouldRefuseANeedsApprovalThatIsNotABoolean() throws Exception {
    HttpResponse<String> poll =
        poll("{\"name\":\"deploy\",\"operationClass\":\"WRITE\",\"needsApproval\":\"yes\"}");

    assertThat(poll.statusCode()).isEqualTo(400);
    assertThat(poll.body()).contains("tools[].needsApproval");
  }

  private HttpResponse<String> poll(String tool) throws IOException, InterruptedException {
    String body = "{\"workerId\":\"py-1\",\"tools\":[" + tool + "],\"waitMs\":0}";
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/work"))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
  }
}
