package dev.baton.client.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One open event stream: its events as they arrive, and a watch that closes it when no byte (event
 * or heartbeat) has come for the idle timeout, which a blocked read then sees as an {@link
 * HttpTimeoutException}.
 */
final class Connection implements AutoCloseable {

  private static final long MIN_CHECK_MILLIS = 10;

  private final InputStream body;
  private final SseReader events;
  private final Duration idleTimeout;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean idle;
  private volatile ScheduledFuture<?> check;

  private Connection(InputStream body, Duration idleTimeout) {
    this.body = body;
    this.idleTimeout = idleTimeout;
    this.events = new SseReader(new InputStreamReader(new Watched(body), StandardCharsets.UTF_8));
  }

  static Connection open(InputStream body, Duration idleTimeout, ScheduledExecutorService watch) {
    Connection connection = new Connection(body, idleTimeout);
    long period = Math.max(MIN_CHECK_MILLIS, idleTimeout.toMillis() / 4);
    connection.check =
        watch.scheduleAtFixedRate(connection::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
    return connection;
  }

  /**
   * The next complete event, or empty when the body ended.
   *
   * @throws HttpTimeoutException if the connection was idle for too long
   * @throws IOException if it failed or was closed
   */
  Optional<SseEvent> next() throws IOException {
    try {
      return events.next();
    } catch (IOException e) {
      if (idle) {
        throw new HttpTimeoutException("no data for " + idleTimeout.toMillis() + " ms");
      }
      throw e;
    }
  }

  /** Closes the body; a read blocked in another thread fails. Safe from any thread. */
  @Override
  public void close() {
    ScheduledFuture<?> scheduled = check;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    try {
      body.close();
    } catch (IOException e) {
      // closing a broken connection: nothing left to do
    }
  }

  private void closeIfIdle() {
    if (System.nanoTime() - lastActivity > idleTimeout.toNanos()) {
      idle = true;
      close();
    }
  }

  /** Notes the time of every byte read. */
  private final class Watched extends FilterInputStream {

    Watched(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      lastActivity = System.nanoTime();
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      lastActivity = System.nanoTime();
      return n;
    }
  }
}
