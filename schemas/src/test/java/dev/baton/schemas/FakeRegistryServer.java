package dev.baton.schemas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A canned HTTP server on a free loopback port: each "METHOD path" answers with a fixed status and
 * body, and every request is recorded.
 */
final class FakeRegistryServer implements AutoCloseable {

  /** A recorded request. */
  record Request(
      String method, String uri, String contentType, String authorization, String body) {}

  private record Answer(int status, String body, boolean hang) {}

  /** The next {@code left} requests fail: with {@code status}, or cut if it is {@link #CUT}. */
  private record Failures(AtomicInteger left, int status) {}

  /** The status of {@link #fail} that closes the connection without an answer. */
  static final int CUT = 0;

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile String requiredAuthorization;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeRegistryServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code method path} (path with query, below the base URL) with status and body. */
  FakeRegistryServer answer(String method, String path, int status, String body) {
    answers.put(method + " /apis/ccompat/v7/" + path, new Answer(status, body, false));
    return this;
  }

  /**
   * Fails the next {@code times} requests for {@code method path}: answers {@code status}, or
   * closes the connection without an answer if it is {@link #CUT} (a registry that restarts, a
   * proxy that drops the connection). Later requests get the usual answer.
   */
  FakeRegistryServer fail(String method, String path, int times, int status) {
    failures.put(
        method + " /apis/ccompat/v7/" + path, new Failures(new AtomicInteger(times), status));
    return this;
  }

  /** Answers 401 to every request whose {@code Authorization} header is not {@code expected}. */
  FakeRegistryServer requireAuthorization(String expected) {
    requiredAuthorization = expected;
    return this;
  }

  /** Never answers {@code method path} until the server is closed. */
  FakeRegistryServer hang(String method, String path) {
    answers.put(method + " /apis/ccompat/v7/" + path, new Answer(200, "{}", true));
    return this;
  }

  /** The base URL of the fake Confluent API. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Failures failing = failures.get(key);
    if (failing != null && failing.left().getAndDecrement() > 0) {
      if (failing.status() == CUT) {
        exchange.close(); // before any response header: the server closes the connection
        return;
      }
      respond(exchange, new Answer(failing.status(), "{\"message\":\"failing\"}", false));
      return;
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Answer answer =
        requiredAuthorization != null && !requiredAuthorization.equals(authorization)
            ? new Answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}", false)
            : answers.getOrDefault(
                key, new Answer(404, "{\"error_code\":404,\"message\":\"no route\"}", false));
    if (answer.hang()) {
      awaitRelease();
    }
    respond(exchange, answer);
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void awaitRelease() {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
