package dev.baton.coordinator.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Forwards a request for a session to the instance that owns it and relays the answer: status,
 * {@code Content-Type}, {@code Retry-After} and body, plus {@value HttpApi#FORWARDED_TO_HEADER}
 * naming the owner. The forwarded request carries {@value #FORWARDED_HEADER}, and an instance that
 * gets a forwarded request for a session it does not own answers 503 instead of forwarding again,
 * so ownership that is moving never makes a loop.
 */
final class Forwarder {

  /** Marks a forwarded request; its value is the forwarding instance's address. */
  static final String FORWARDED_HEADER = "X-Baton-Forwarded";

  /** Time on top of a request's own wait for the owner to answer. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  private static final List<String> RELAYED_HEADERS =
      List.of("Content-Type", "Retry-After", "WWW-Authenticate");

  private static final List<String> FORWARDED_REQUEST_HEADERS =
      List.of(
          "Content-Type",
          "Accept",
          TurnStreamEndpoint.LAST_EVENT_ID,
          "Authorization",
          Authentication.TENANT_HEADER);

  private final HttpClient client;
  private final HttpOptions options;
  private final int maxBodyBytes;
  private final Supplier<String> self;
  private final SessionService sessions;

  /**
   * @param self this instance's address, sent as the {@value #FORWARDED_HEADER} header
   * @param sessions told which owners refuse connections and which are reached
   */
  Forwarder(HttpOptions options, int maxBodyBytes, Supplier<String> self, SessionService sessions) {
    this.options = options;
    this.maxBodyBytes = maxBodyBytes;
    this.self = self;
    this.sessions = sessions;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.forwardConnectTimeout())
            .build();
  }

  /** Whether {@code ctx} was forwarded to this instance by another one. */
  static boolean wasForwarded(Context ctx) {
    return ctx.header(FORWARDED_HEADER) != null;
  }

  void forward(Context ctx, SessionOwner.Remote owner) throws InterruptedException {
    forward(ctx, owner, RequestBody.read(ctx, maxBodyBytes));
  }

  /** As {@link #forward(Context, SessionOwner.Remote)}, for a request whose body was read. */
  void forward(Context ctx, SessionOwner.Remote owner, byte[] body) throws InterruptedException {
    HttpResponse<byte[]> response = ask(ctx, owner, body);
    ctx.status(response.statusCode()).header(HttpApi.FORWARDED_TO_HEADER, address(owner));
    for (String name : RELAYED_HEADERS) {
      response.headers().firstValue(name).ifPresent(value -> ctx.header(name, value));
    }
    ctx.result(response.body());
  }

  /**
   * Sends {@code ctx}'s request, marked as forwarded, to {@code other} and returns its answer; for
   * {@link #forward} and for requests that every instance answers in part.
   */
  HttpResponse<byte[]> ask(Context ctx, SessionOwner.Remote other) throws InterruptedException {
    return ask(ctx, other, RequestBody.read(ctx, maxBodyBytes));
  }

  private HttpResponse<byte[]> ask(Context ctx, SessionOwner.Remote other, byte[] body)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target(ctx, other))
            .timeout(timeout(ctx))
            .header(FORWARDED_HEADER, self.get())
            .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
    copyHeaders(ctx, request);
    return send(request.build(), other);
  }

  /**
   * Forwards a request answered by a stream (a stream's {@code GET} with its {@code Last-Event-ID},
   * or a submit that asks for the stream) and relays the owner's answer as it comes, flushing each
   * piece, until the owner ends it or the client goes away.
   */
  void forwardStream(Context ctx, SessionOwner.Remote owner) throws InterruptedException {
    byte[] body = RequestBody.read(ctx, maxBodyBytes);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target(ctx, owner))
            .header(FORWARDED_HEADER, self.get())
            .method(
                ctx.method().name(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    copyHeaders(ctx, request);
    HttpResponse<InputStream> response =
        send(request.build(), owner, HttpResponse.BodyHandlers.ofInputStream());
    ctx.status(response.statusCode()).header(HttpApi.FORWARDED_TO_HEADER, address(owner));
    for (String name : List.of("Content-Type", "Retry-After", "Cache-Control")) {
      response.headers().firstValue(name).ifPresent(value -> ctx.header(name, value));
    }
    try (InputStream relayed = response.body()) {
      OutputStream out = ctx.res().getOutputStream();
      ctx.res().flushBuffer();
      byte[] buffer = new byte[8192];
      for (int read = relayed.read(buffer); read >= 0; read = relayed.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // the client or the owner went away; the client resumes from its last event id
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request, SessionOwner.Remote owner)
      throws InterruptedException {
    return send(request, owner, HttpResponse.BodyHandlers.ofByteArray());
  }

  private <T> HttpResponse<T> send(
      HttpRequest request, SessionOwner.Remote owner, HttpResponse.BodyHandler<T> body)
      throws InterruptedException {
    try {
      HttpResponse<T> response = client.send(request, body);
      sessions.ownerReached(owner);
      return response;
    } catch (HttpTimeoutException e) {
      throw ProblemException.timeout(
          "the owning instance " + address(owner) + " did not answer",
          request.timeout().orElseThrow());
    } catch (ConnectException e) {
      sessions.ownerRefused(owner);
      throw ProblemException.notReady(
          "the owning instance " + address(owner) + " cannot be reached: " + e.getMessage());
    } catch (IOException e) {
      throw ProblemException.notReady(
          "forwarding to the owning instance " + address(owner) + " failed: " + e);
    }
  }

  /** Long enough for the owner to wait for a decision and for {@code ?wait}, plus slack. */
  private Duration timeout(Context ctx) {
    return QueryParams.waitParam(ctx, options.maxWait())
        .plus(options.decisionTimeout())
        .plus(SLACK);
  }

  private static URI target(Context ctx, SessionOwner.Remote owner) {
    String query = ctx.queryString();
    return URI.create(
        "http://"
            + address(owner)
            + ctx.req().getRequestURI()
            + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  /** Copies the headers the owner needs to answer as this instance would: the caller's too. */
  private static void copyHeaders(Context ctx, HttpRequest.Builder request) {
    for (String name : FORWARDED_REQUEST_HEADERS) {
      String value = ctx.header(name);
      if (value != null) {
        request.header(name, value);
      }
    }
  }

  private static String address(SessionOwner.Remote owner) {
    return owner.host() + ":" + owner.port();
  }
}
