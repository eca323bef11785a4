package dev.baton.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.worker.WorkerException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the whole text of one history message, for {@link dev.baton.worker.Step#wholeText}: {@code
 * GET /v1/sessions/{id}/history?from=seq&limit=1} on a coordinator, which answers for any session
 * (forwarding to the owner).
 *
 * <p>{@code HistoryReader.http("http://localhost:8080").wholeText("s-1", 7)}
 */
public interface HistoryReader {

  /** A reader for a worker without a coordinator URL: every read fails, saying so. */
  HistoryReader NONE =
      (sessionId, seq) -> {
        throw WorkerException.historyUnavailable(
            "message " + seq + " of session " + sessionId + " (no coordinator URL is set)",
            null,
            false);
      };

  /** The text of message {@code seq} of session {@code sessionId}. */
  String wholeText(String sessionId, long seq);

  /** A reader of the coordinator at {@code baseUrl}. */
  static HistoryReader http(String baseUrl) {
    return new Http(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
  }

  /** Over HTTP, with one shared client. */
  final class Http implements HistoryReader {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private Http(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    @Override
    public String wholeText(String sessionId, long seq) {
      String what = "message " + seq + " of session " + sessionId;
      URI uri =
          URI.create(
              baseUrl
                  + "/v1/sessions/"
                  + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)
                  + "/history?from="
                  + seq
                  + "&limit=1");
      HttpResponse<String> response;
      try {
        response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw WorkerException.historyUnavailable(what, e, true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw WorkerException.historyUnavailable(what, e, false);
      }
      if (response.statusCode() != 200) {
        boolean retryable = response.statusCode() >= 500;
        throw WorkerException.historyUnavailable(
            what,
            new IOException("HTTP " + response.statusCode() + ": " + response.body()),
            retryable);
      }
      return textOf(response.body(), seq, what);
    }

    private static String textOf(String body, long seq, String what) {
      try {
        for (JsonNode message : JSON.readTree(body).path("messages")) {
          if (message.path("seq").asLong(-1) == seq) {
            return message.path("content").asText();
          }
        }
      } catch (IOException e) {
        throw WorkerException.historyUnavailable(what, e, false);
      }
      throw WorkerException.historyUnavailable(
          what, new IOException("the session has no such message"), false);
    }
  }
}
