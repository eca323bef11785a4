package dev.baton.client.internal;

import dev.baton.client.BatonClientException;
import dev.baton.client.ProblemException;
import dev.baton.client.SessionFeed;
import dev.baton.client.TurnEvent;
import dev.baton.client.TurnStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A {@link TurnStream} that reconnects until the terminal event, or a {@link SessionFeed} that
 * reconnects until it is closed: after a dropped, cut or idle connection it asks the next base URI
 * for the events after the last one it returned. The first request may be a submit that answers
 * with the stream; once one was answered with the stream, every reconnection is a {@code GET} of
 * the turn's stream.
 */
final class ResumingStream implements TurnStream, SessionFeed {

  private static final String CUT = "cut";
  private static final String EVENT_STREAM = "text/event-stream";

  /** Builds a request for a base URI and the last event id (null for the start). */
  @FunctionalInterface
  interface Request {
    HttpRequest to(URI base, String lastEventId);
  }

  private final Transport transport;
  private final String what;
  private final Request first;
  private final Request resume;
  private final Consumer<TurnStream> onClose;
  private final Retries retries;
  private final boolean endsWithTurn;

  private int target;
  private boolean accepted;
  private int reconnects;
  private String lastEventId;
  private TurnEvent next;
  private volatile boolean closed;
  private volatile Connection connection;
  private volatile CompletableFuture<?> pending;

  /**
   * A stream that opens with {@code first} and reconnects with {@code resume}.
   *
   * @param after the event id to start after, or null for the turn's start
   * @param endsWithTurn whether the stream ends after the turn's terminal event (a turn's stream),
   *     or goes on until it is closed (a session's feed)
   * @param onClose run when the stream is closed or has ended
   */
  ResumingStream(
      Transport transport,
      String what,
      Request first,
      Request resume,
      String after,
      boolean endsWithTurn,
      Consumer<TurnStream> onClose) {
    this.endsWithTurn = endsWithTurn;
    this.transport = transport;
    this.what = what;
    this.first = first;
    this.resume = resume;
    this.lastEventId = after;
    this.onClose = onClose;
    this.retries = new Retries(transport.options(), what);
  }

  /**
   * Opens the first connection and returns this stream once its answer has begun, so that a refusal
   * is thrown here.
   */
  ResumingStream start() {
    try {
      if (!connect()) {
        close();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !closed) {
      try {
        next = advance();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      if (next == null) {
        close();
      }
    }
    return next != null;
  }

  @Override
  public TurnEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException(what + " has ended");
    }
    TurnEvent event = next;
    next = null;
    return event;
  }

  @Override
  public String lastEventId() {
    return lastEventId;
  }

  @Override
  public int reconnects() {
    return reconnects;
  }

  /** Whether the stream was closed, or closed itself at its end. */
  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    CompletableFuture<?> request = pending;
    if (request != null) {
      request.cancel(true);
    }
    disconnect();
    onClose.accept(this);
  }

  /** The next event to return, or null once the stream is over. */
  private TurnEvent advance() {
    while (!closed) {
      if (connection == null && !connect()) {
        return null;
      }
      Throwable cause;
      try {
        Optional<SseEvent> read = connection.next();
        if (read.isPresent() && !CUT.equals(read.get().type())) {
          return delivered(read.get());
        }
        cause =
            new IOException(
                read.isPresent()
                    ? "the coordinator cut the stream (the client fell behind)"
                    : endsWithTurn
                        ? "the stream ended before " + TurnEvent.TURN_ENDED
                        : "the feed's connection ended");
      } catch (IOException e) {
        cause = e;
      }
      disconnect();
      if (!closed) {
        retry(cause);
      }
    }
    return null;
  }

  private TurnEvent delivered(SseEvent raw) {
    if (raw.id() == null) {
      throw BatonClientException.malformed(what, "event " + raw.type() + " has no id");
    }
    TurnEvent event =
        new TurnEvent(raw.id(), raw.type(), Json.read("the data of " + raw.type(), raw.data()));
    lastEventId = event.id();
    retries.reset();
    if (endsWithTurn && event.isTerminal()) {
      close();
    }
    return event;
  }

  /**
   * Opens a connection, trying again as the options allow; false if there is nothing to stream (the
   * last event id is the terminal one, or the stream was closed).
   */
  private boolean connect() {
    while (!closed) {
      HttpRequest request = (accepted ? resume : first).to(transport.baseUri(target), lastEventId);
      try {
        HttpResponse<InputStream> response = send(request);
        if (isStream(response)) {
          reconnects += accepted ? 1 : 0;
          accepted = true;
          connection = transport.connect(response.body());
          if (closed) {
            disconnect(); // closed while it was connecting
            return false;
          }
          return true;
        }
        ProblemException problem = refusal(request, response);
        if (problem == null) {
          return false;
        }
        if (!problem.isRetryable()) {
          throw problem;
        }
        retry(problem);
      } catch (IOException e) {
        if (closed) {
          return false; // close() aborted the request
        }
        retry(e);
      }
    }
    return false;
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    CompletableFuture<HttpResponse<InputStream>> response = transport.open(request);
    pending = response;
    try {
      return response.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (CancellationException e) {
      throw new IOException("closed", e);
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw BatonClientException.interrupted(what);
    } finally {
      pending = null;
    }
  }

  private static boolean isStream(HttpResponse<InputStream> response) {
    return response.statusCode() == 200
        && response
            .headers()
            .firstValue("Content-Type")
            .map(type -> type.startsWith(EVENT_STREAM))
            .orElse(false);
  }

  /**
   * The problem of an answer that is not a stream; null for {@code 204 No Content}, the answer to
   * the terminal event's id.
   */
  private ProblemException refusal(HttpRequest request, HttpResponse<InputStream> response)
      throws IOException {
    String body;
    try (InputStream in = response.body()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int status = response.statusCode();
    if (status == 204) {
      return null;
    }
    if (status / 100 == 2) {
      throw BatonClientException.malformed(
          what,
          "expected text/event-stream, got "
              + status
              + " "
              + response.headers().firstValue("Content-Type").orElse("no content type"));
    }
    return Answers.problem(
        request.uri(), status, body, response.headers().firstValue("Retry-After"));
  }

  private void retry(Throwable cause) {
    retries.failed(cause, lastEventId);
    target++;
  }

  private void disconnect() {
    Connection open = connection;
    connection = null;
    if (open != null) {
      open.close();
    }
  }
}
