package dev.baton.coordinator.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of the session endpoints and bounds of the HTTP server. Immutable; build with {@link
 * #builder()}. The input limit is the session model's ({@link
 * dev.baton.coordinator.session.SessionLimits#maxInputBytes()}).
 *
 * <pre>{@code
 * HttpOptions options = HttpOptions.builder()
 *     .decisionTimeout(Duration.ofSeconds(5))
 *     .maxConnections(2000)
 *     .build();
 * }</pre>
 */
public final class HttpOptions {

  /** Default of {@link #decisionTimeout()}. */
  public static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofSeconds(10);

  /** Default of {@link #maxWait()}. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

  /** Default of {@link #forwardConnectTimeout()}. */
  public static final Duration DEFAULT_FORWARD_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default of {@link #streamHeartbeat()}. */
  public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(15);

  /** Default of {@link #streamBuffer()}. */
  public static final int DEFAULT_STREAM_BUFFER = 1024;

  /** Default of {@link #maxConnections()}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** Default of {@link #idleTimeout()}: Jetty's own, twice the default stream heartbeat. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Default of {@link #maxRequestHeadBytes()}: 8 KiB, Jetty's own. */
  public static final int DEFAULT_MAX_REQUEST_HEAD_BYTES = 8 * 1024;

  /** The smallest {@link #maxRequestHeadBytes()} allowed. */
  public static final int MIN_REQUEST_HEAD_BYTES = 1024;

  /**
   * The largest {@link #maxRequestHeadBytes()} allowed: the server holds a buffer of that size for
   * each request it reads.
   */
  public static final int MAX_REQUEST_HEAD_BYTES_LIMIT = 64 * 1024;

  private static final HttpOptions DEFAULTS = builder().build();

  private final Duration decisionTimeout;
  private final Duration maxWait;
  private final Duration forwardConnectTimeout;
  private final Duration streamHeartbeat;
  private final int streamBuffer;
  private final int maxConnections;
  private final Duration idleTimeout;
  private final int maxRequestHeadBytes;

  private HttpOptions(Builder builder) {
    this.decisionTimeout = builder.decisionTimeout;
    this.maxWait = builder.maxWait;
    this.forwardConnectTimeout = builder.forwardConnectTimeout;
    this.streamHeartbeat = builder.streamHeartbeat;
    this.streamBuffer = builder.streamBuffer;
    this.maxConnections = builder.maxConnections;
    this.idleTimeout = builder.idleTimeout;
    this.maxRequestHeadBytes = builder.maxRequestHeadBytes;
  }

  /** The default options. */
  public static HttpOptions defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The rule between the idle timeout and the stream heartbeat, in words, with the values given: a
   * stream that stays quiet longer than the idle timeout is closed by the server.
   */
  public static String idleTimeoutRule(Duration idleTimeout, Duration streamHeartbeat) {
    return HttpServerBounds.idleTimeoutRule(
        idleTimeout,
        "the stream heartbeat",
        streamHeartbeat,
        "a quiet stream is closed between two heartbeats");
  }

  /** How long a submit waits for the coordinator's first decision before it answers 504. */
  public Duration decisionTimeout() {
    return decisionTimeout;
  }

  /** The longest {@code ?wait} honoured; a longer one is cut to it. */
  public Duration maxWait() {
    return maxWait;
  }

  /** How long forwarding a request to the owning instance may take to connect. */
  public Duration forwardConnectTimeout() {
    return forwardConnectTimeout;
  }

  /**
   * How long a turn stream may go without an event before the server writes a heartbeat comment, so
   * that proxies keep the connection open and a client that is gone is noticed.
   */
  public Duration streamHeartbeat() {
    return streamHeartbeat;
  }

  /**
   * How many events a turn stream buffers for a client that reads slower than they come; a client
   * that lets it fill is cut off and resumes from its last event id.
   */
  public int streamBuffer() {
    return streamBuffer;
  }

  /**
   * How many connections the server holds open at once; further clients wait in the accept queue
   * until one closes. Each turn stream and session feed holds one.
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * How long a connection may go without a byte in either direction before the server closes it: a
   * keep-alive connection between requests, or a stream between events. A request that waits
   * ({@code ?wait}) is not cut by it. Longer than {@link #streamHeartbeat()}, so that a quiet
   * stream stays open.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * The largest request line plus headers, in bytes: a longer request line is answered 414 {@code
   * URI_TOO_LONG}, longer headers 431 {@code HEADERS_TOO_LARGE}.
   */
  public int maxRequestHeadBytes() {
    return maxRequestHeadBytes;
  }

  /** The server's bounds: {@link #maxConnections()}, {@link #idleTimeout()} and the head size. */
  public HttpServerBounds bounds() {
    return new HttpServerBounds(maxConnections, idleTimeout, maxRequestHeadBytes);
  }

  @Override
  public String toString() {
    return "HttpOptions[decisionTimeout="
        + decisionTimeout
        + ", maxWait="
        + maxWait
        + ", forwardConnectTimeout="
        + forwardConnectTimeout
        + ", streamHeartbeat="
        + streamHeartbeat
        + ", streamBuffer="
        + streamBuffer
        + ", maxConnections="
        + maxConnections
        + ", idleTimeout="
        + idleTimeout
        + ", maxRequestHeadBytes="
        + maxRequestHeadBytes
        + "]";
  }

  /** Builds {@link HttpOptions}; each setter checks its value. */
  public static final class Builder {
    private Duration decisionTimeout = DEFAULT_DECISION_TIMEOUT;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private Duration forwardConnectTimeout = DEFAULT_FORWARD_CONNECT_TIMEOUT;
    private Duration streamHeartbeat = DEFAULT_STREAM_HEARTBEAT;
    private int streamBuffer = DEFAULT_STREAM_BUFFER;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxRequestHeadBytes = DEFAULT_MAX_REQUEST_HEAD_BYTES;

    private Builder() {}

    /** See {@link HttpOptions#decisionTimeout()}; positive. */
    public Builder decisionTimeout(Duration decisionTimeout) {
      this.decisionTimeout = positive("decisionTimeout", decisionTimeout);
      return this;
    }

    /** See {@link HttpOptions#maxWait()}; positive. */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = positive("maxWait", maxWait);
      return this;
    }

    /** See {@link HttpOptions#forwardConnectTimeout()}; positive. */
    public Builder forwardConnectTimeout(Duration forwardConnectTimeout) {
      this.forwardConnectTimeout = positive("forwardConnectTimeout", forwardConnectTimeout);
      return this;
    }

    /** See {@link HttpOptions#streamHeartbeat()}; positive. */
    public Builder streamHeartbeat(Duration streamHeartbeat) {
      this.streamHeartbeat = positive("streamHeartbeat", streamHeartbeat);
      return this;
    }

    /** See {@link HttpOptions#streamBuffer()}; positive. */
    public Builder streamBuffer(int streamBuffer) {
      this.streamBuffer = positive("streamBuffer", streamBuffer);
      return this;
    }

    /** Sets the server's {@code bounds}: connections, idle timeout and head size. */
    public Builder bounds(HttpServerBounds bounds) {
      return maxConnections(bounds.maxConnections())
          .idleTimeout(bounds.idleTimeout())
          .maxRequestHeadBytes(bounds.maxRequestHeadBytes());
    }

    /** See {@link HttpOptions#maxConnections()}; positive. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = positive("maxConnections", maxConnections);
      return this;
    }

    /** See {@link HttpOptions#idleTimeout()}; longer than the stream heartbeat. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive("idleTimeout", idleTimeout);
      return this;
    }

    /**
     * See {@link HttpOptions#maxRequestHeadBytes()}; from {@value #MIN_REQUEST_HEAD_BYTES} to
     * {@value #MAX_REQUEST_HEAD_BYTES_LIMIT}.
     */
    public Builder maxRequestHeadBytes(int maxRequestHeadBytes) {
      if (maxRequestHeadBytes < MIN_REQUEST_HEAD_BYTES
          || maxRequestHeadBytes > MAX_REQUEST_HEAD_BYTES_LIMIT) {
        throw new IllegalArgumentException(
            "maxRequestHeadBytes must be from "
                + MIN_REQUEST_HEAD_BYTES
                + " to "
                + MAX_REQUEST_HEAD_BYTES_LIMIT
                + ", got "
                + maxRequestHeadBytes);
      }
      this.maxRequestHeadBytes = maxRequestHeadBytes;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if the idle timeout is not longer than the stream heartbeat
     */
    public HttpOptions build() {
      if (idleTimeout.compareTo(streamHeartbeat) <= 0) {
        throw new IllegalArgumentException(idleTimeoutRule(idleTimeout, streamHeartbeat));
      }
      return new HttpOptions(this);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
