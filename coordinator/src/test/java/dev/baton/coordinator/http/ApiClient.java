package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A small client of the coordinator's HTTP API for tests; the cli module's integration tests reuse
 * it through this module's test-jar.
 */
public final class ApiClient {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final String base;
  private final String token;

  public ApiClient(int port) {
    this(HttpClient.newHttpClient(), "http://127.0.0.1:" + port, null);
  }

  private ApiClient(HttpClient client, String base, String token) {
    this.client = client;
    this.base = base;
    this.token = token;
  }

  /** A client of the same API that sends {@code token} as its bearer token. */
  public ApiClient withToken(String token) {
    return new ApiClient(client, base, token);
  }

  /** A response with its body read. */
  public record Response(int status, String body, HttpResponse<String> raw) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String contentType() {
      return header("Content-Type");
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** Asserts an RFC 9457 problem with {@code code} and, if not null, {@code field}. */
    public Response assertProblem(int expectedStatus, String code, String field) {
      assertThat(status).as(body).isEqualTo(expectedStatus);
      assertThat(contentType()).isEqualTo("application/problem+json");
      JsonNode json = json();
      assertThat(json.get("status").asInt()).isEqualTo(expectedStatus);
      assertThat(json.get("code").asText()).isEqualTo(code);
      assertThat(json.get("type").asText()).startsWith("urn:baton:problem:");
      assertThat(json.get("detail").asText()).isNotBlank();
      if (field == null) {
        assertThat(json.has("field")).as(body).isFalse();
      } else {
        assertThat(json.get("field").asText()).as(body).isEqualTo(field);
      }
      return this;
    }
  }

  public Response post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Submits {@code input} as turn {@code turnId}; {@code onBusy} may be null, query empty. */
  public Response submit(
      String sessionId, String turnId, String input, String onBusy, String query) {
    var body = JSON.createObjectNode().put("turnId", turnId).put("input", input);
    if (onBusy != null) {
      body.put("onBusy", onBusy);
    }
    return post("/v1/sessions/" + sessionId + "/turns" + query, body.toString());
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response delete(String path) {
    return send(request(path).DELETE().build());
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request to {@code path}, with this client's token if it has one. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }
}
