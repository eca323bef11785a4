package dev.baton.coordinator.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of the session endpoints. Immutable; build with {@link #builder()}. The input limit is
 * the session model's ({@link dev.baton.coordinator.session.SessionLimits#maxInputBytes()}).
 *
 * <pre>{@code
 * HttpOptions options = HttpOptions.builder()
 *     .decisionTimeout(Duration.ofSeconds(5))
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

  private static final HttpOptions DEFAULTS = builder().build();

  private final Duration decisionTimeout;
  private final Duration maxWait;
  private final Duration forwardConnectTimeout;
  private final Duration streamHeartbeat;
  private final int streamBuffer;

  private HttpOptions(Builder builder) {
    this.decisionTimeout = builder.decisionTimeout;
    this.maxWait = builder.maxWait;
    this.forwardConnectTimeout = builder.forwardConnectTimeout;
    this.streamHeartbeat = builder.streamHeartbeat;
    this.streamBuffer = builder.streamBuffer;
  }

  /** The default options. */
  public static HttpOptions defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
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
        + "]";
  }

  /** Builds {@link HttpOptions}; each setter checks its value. */
  public static final class Builder {
    private Duration decisionTimeout = DEFAULT_DECISION_TIMEOUT;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private Duration forwardConnectTimeout = DEFAULT_FORWARD_CONNECT_TIMEOUT;
    private Duration streamHeartbeat = DEFAULT_STREAM_HEARTBEAT;
    private int streamBuffer = DEFAULT_STREAM_BUFFER;

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
      if (streamBuffer < 1) {
        throw new IllegalArgumentException("streamBuffer must be positive, got " + streamBuffer);
      }
      this.streamBuffer = streamBuffer;
      return this;
    }

    /** The options. */
    public HttpOptions build() {
      return new HttpOptions(this);
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
