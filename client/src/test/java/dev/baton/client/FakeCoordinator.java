package dev.baton.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A coordinator that answers each request with the next of the replies a test queued, and records
 * the requests: a stream that ends, drops, stalls or is cut, a problem, a JSON answer.
 *
 * <pre>{@code
 * try (FakeCoordinator coordinator = FakeCoordinator.start()) {
 *   coordinator.then(FakeCoordinator.dropAfter(event("1", "delta", "{}")));
 * }
 * }</pre>
 */
final class FakeCoordinator implements AutoCloseable {

  /** A request as the coordinator saw it. */
  record Request(String method, String rawPath, String accept, String lastEventId, String body) {}

  /** How the coordinator answers one request. */
  @FunctionalInterface
  interface Reply {
    void send(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final List<Request> requests = new ArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);

  private FakeCoordinator(HttpServer server) {
    this.server = server;
  }

  static FakeCoordinator start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeCoordinator coordinator = new FakeCoordinator(server);
    server.createContext("/", coordinator::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return coordinator;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues the reply to the next request. */
  FakeCoordinator then(Reply reply) {
    replies.add(reply);
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** One event as the coordinator writes it. */
  static String event(String id, String type, String data) {
    return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
  }

  /** A delta event with id {@code id}. */
  static String delta(String id) {
    return event(id, "delta", "{\"text\":\"" + id + " \"}");
  }

  /** The terminal event with id {@code id}. */
  static String end(String id) {
    return event(id, "turn.ended", "{\"status\":\"COMPLETED\",\"steps\":1}");
  }

  /** A stream of {@code body} that ends cleanly. */
  static Reply stream(String... body) {
    return exchange -> {
      OutputStream out = startStream(exchange, 0);
      out.write(String.join("", body).getBytes(StandardCharsets.UTF_8));
      out.close();
    };
  }

  /** A stream of {@code body} whose connection then breaks (fewer bytes than it announced). */
  static Reply dropAfter(String... body) {
    return exchange -> {
      byte[] bytes = String.join("", body).getBytes(StandardCharsets.UTF_8);
      OutputStream out = startStream(exchange, bytes.length + 1000);
      out.write(bytes);
      out.flush();
      // Closing short of the length fails; the server closes the connection when it sees that.
      out.close();
    };
  }

  /** A stream of {@code body} that then sends nothing until the coordinator is closed. */
  Reply stallAfter(String... body) {
    return exchange -> {
      OutputStream out = startStream(exchange, 0);
      out.write(String.join("", body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      stop.await();
      out.close();
    };
  }

  /** A problem: {@code status} with {@code code}. */
  static Reply problem(int status, String code) {
    return json(
        status,
        "application/problem+json",
        "{\"status\":" + status + ",\"code\":\"" + code + "\",\"detail\":\"as asked\"}");
  }

  /**
   * A problem: {@code status} with {@code code} and a {@code Retry-After} of {@code retryAfter}.
   */
  static Reply problem(int status, String code, String retryAfter) {
    Reply problem = problem(status, code);
    return exchange -> {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
      problem.send(exchange);
    };
  }

  /** {@code status} with a JSON {@code body}. */
  static Reply json(int status, String body) {
    return json(status, "application/json", body);
  }

  /** {@code 204 No Content}. */
  static Reply noContent() {
    return exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    };
  }

  @Override
  public void close() {
    stop.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (this) {
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery()),
              exchange.getRequestHeaders().getFirst("Accept"),
              exchange.getRequestHeaders().getFirst("Last-Event-ID"),
              body));
    }
    Reply reply = replies.poll();
    try {
      if (reply == null) {
        json(500, "application/problem+json", "{\"code\":\"UNEXPECTED_REQUEST\"}").send(exchange);
      } else {
        reply.send(exchange);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends the headers of a 200 stream of {@code length} bytes (0: chunked) and returns its body.
   */
  static OutputStream startStream(HttpExchange exchange, long length) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream;charset=utf-8");
    exchange.sendResponseHeaders(200, length);
    return exchange.getResponseBody();
  }

  private static Reply json(int status, String contentType, String body) {
    return exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }
}
