package dev.baton.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A remote worker of the gateway's protocol, driven by a test request by request. */
final class RemoteWorkerClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String token;

  RemoteWorkerClient(int port, String token) {
    this.baseUrl = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** A status and its JSON body (null for none). */
  record Reply(int status, JsonNode json) {
    String problemCode() {
      return json == null ? null : json.path("code").asText(null);
    }
  }

  Reply pollForAgentSteps(Duration wait) {
    return post(
        "/v1/work",
        "{\"workerId\":\"java-test\",\"agent\":true,\"waitMs\":" + wait.toMillis() + "}");
  }

  /** Polls until an agent step is claimed (200), failing on anything but 204 or after 60 s. */
  Reply claimAgentStep() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Reply reply = pollForAgentSteps(Duration.ofSeconds(5));
      if (reply.status() == 200) {
        return reply;
      }
      assertThat(reply.status()).as("poll: %s", reply).isEqualTo(204);
    }
    throw new AssertionError("no delivery within 60 s");
  }

  Reply heartbeat(String deliveryId) {
    return post("/v1/deliveries/" + deliveryId + "/heartbeat", "{}");
  }

  /** Streams {@code text} of {@code kind}, or of no named kind if it is null. */
  Reply delta(String deliveryId, String kind, String text) {
    var body = JSON.createObjectNode().put("text", text);
    if (kind != null) {
      body.put("kind", kind);
    }
    return post("/v1/deliveries/" + deliveryId + "/deltas", body.toString());
  }

  Reply answer(String deliveryId, String content) {
    return post(
        "/v1/deliveries/" + deliveryId + "/result",
        JSON.createObjectNode().put("content", content).toString());
  }

  Reply post(String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Reply(response.statusCode(), text.isEmpty() ? null : JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
