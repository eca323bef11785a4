package dev.baton.client.internal;

import dev.baton.client.BatonClientException;
import dev.baton.client.ClientOptions;
import dev.baton.client.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;

/**
 * The HTTP side of one client: the JDK's HTTP client (HTTP/1.1), the fleet's base URIs, the watch
 * on idle streams, and JSON requests that are tried again on the next base URI after a failure.
 */
final class Transport implements AutoCloseable {

  private final ClientOptions options;
  private final HttpClient http;
  private final ScheduledExecutorService idleWatch;

  Transport(ClientOptions options) {
    this.options = options;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.connectTimeout())
            .build();
    this.idleWatch =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "baton-client-idle-watch");
              thread.setDaemon(true);
              return thread;
            });
  }

  ClientOptions options() {
    return options;
  }

  /** The base URI of the {@code attempt}th attempt: the fleet's URIs in turn. */
  URI baseUri(int attempt) {
    return options.baseUris().get(Math.floorMod(attempt, options.baseUris().size()));
  }

  /**
   * Sends the request {@code request} builds for a base URI and reads a 2xx answer with {@code
   * read}; a failed connection or a retryable problem is tried again on the next base URI.
   *
   * @throws ProblemException for an error status that is not retryable, or the last one
   */
  <T> T call(String what, IntFunction<HttpRequest> request, AnswerReader<T> read) {
    Retries retries = new Retries(options, what);
    for (int attempt = 0; ; attempt++) {
      HttpRequest sent = request.apply(attempt);
      try {
        HttpResponse<String> response =
            http.send(sent, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 == 2) {
          return read.read(sent.uri(), response.statusCode(), response.body());
        }
        ProblemException problem =
            Answers.problem(
                sent.uri(),
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Retry-After"));
        if (!problem.isRetryable()) {
          throw problem;
        }
        retries.failed(problem, null);
      } catch (IOException e) {
        retries.failed(e, null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw BatonClientException.interrupted(what);
      }
    }
  }

  /** Sends {@code request} for a streamed answer; its future may be cancelled to abort it. */
  CompletableFuture<HttpResponse<InputStream>> open(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The event stream of a 200 {@code text/event-stream} answer, watched for idleness. */
  Connection connect(InputStream body) {
    return Connection.open(body, options.idleTimeout(), idleWatch);
  }

  /** Stops the idle watch and aborts every request in flight. */
  @Override
  public void close() {
    idleWatch.shutdownNow();
    http.shutdownNow();
  }

  /** Reads a successful answer. */
  @FunctionalInterface
  interface AnswerReader<T> {
    T read(URI url, int status, String body);
  }
}
