package dev.baton.bench.internal;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads server-sent event streams with the JDK's HTTP/1.1 client, one connection per stream, with
 * no thread per stream: the client's selector reads every connection and a small named executor
 * hands each line to the stream's {@link SseParser}, timestamped when it is handed on. Its threads
 * are named, so that {@link #cpu()} measures what the client costs.
 */
final class SseClient implements AutoCloseable {

  private final NamedHttpClient client;

  /** A client whose executor has {@code threads} threads. */
  SseClient(int threads) {
    this.client = new NamedHttpClient("bench-sse-", threads, Duration.ofSeconds(30));
  }

  /** The CPU time of the client's threads: its executor's and its selector's. */
  ThreadCpu cpu() {
    return client.cpu();
  }

  /** Sends {@code request}, which answers with a stream, and tells {@code listener} what comes. */
  void open(HttpRequest request, SseListener listener) {
    SseListener once = new ClosedOnce(listener);
    client
        .http()
        .sendAsync(request, info -> subscriber(info, once))
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                once.onClosed(error);
              }
            });
  }

  private static HttpResponse.BodySubscriber<Void> subscriber(
      HttpResponse.ResponseInfo info, SseListener listener) {
    if (info.statusCode() != 200) {
      return BodySubscribers.mapping(
          BodySubscribers.ofString(StandardCharsets.UTF_8),
          body -> {
            listener.onRefused(info.statusCode(), body);
            return null;
          });
    }
    listener.onOpen(System.nanoTime());
    return BodySubscribers.fromLineSubscriber(new Lines(new SseParser(listener), listener));
  }

  /** Hands each line to the parser, and the end of the body to the listener. */
  private record Lines(SseParser parser, SseListener listener) implements Flow.Subscriber<String> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      parser.line(line, System.nanoTime());
    }

    @Override
    public void onError(Throwable error) {
      listener.onClosed(error);
    }

    @Override
    public void onComplete() {
      listener.onClosed(null);
    }
  }

  /** A listener told of its stream's end once, though the body and the request may both say so. */
  private static final class ClosedOnce implements SseListener {
    private final SseListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    ClosedOnce(SseListener listener) {
      this.listener = listener;
    }

    @Override
    public void onOpen(long nanos) {
      listener.onOpen(nanos);
    }

    @Override
    public void onRefused(int status, String body) {
      if (closed.compareAndSet(false, true)) {
        listener.onRefused(status, body);
      }
    }

    @Override
    public void onEvent(SseEvent event, long readNanos) {
      listener.onEvent(event, readNanos);
    }

    @Override
    public void onComment(String comment, long readNanos) {
      listener.onComment(comment, readNanos);
    }

    @Override
    public void onClosed(Throwable error) {
      if (closed.compareAndSet(false, true)) {
        listener.onClosed(error);
      }
    }
  }

  /** Closes every stream and stops the client's threads. */
  @Override
  public void close() {
    client.close();
  }
}
