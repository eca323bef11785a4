package dev.baton.coordinator.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of the session endpoints. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * HttpOptions options = HttpOptions.builder()
 *     .maxInputBytes(64 * 1024)
 *     .decisionTimeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 */
public final class HttpOptions {

  /** Default of {@link #maxInputBytes()}: 256 KiB. */
  public static final int DEFAULT_MAX_INPUT_BYTES = 256 * 1024;

  /** Default of {@link #decisionTimeout()}. */
  public static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofSeconds(10);

  /** Default of {@link #maxWait()}. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

  /** Default of {@link #forwardConnectTimeout()}. */
  public static final Duration DEFAULT_FORWARD_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Room in a request body for JSON escaping of the input and for the other fields. */
  private static final int BODY_OVERHEAD_BYTES = 16 * 1024;

  private static final HttpOptions DEFAULTS = builder().build();

  private final int maxInputBytes;
  private final Duration decisionTimeout;
  private final Duration maxWait;
  private final Duration forwardConnectTimeout;

  private HttpOptions(Builder builder) {
    this.maxInputBytes = builder.maxInputBytes;
    this.decisionTimeout = builder.decisionTimeout;
    this.maxWait = builder.maxWait;
    this.forwardConnectTimeout = builder.forwardConnectTimeout;
  }

  /** The default options. */
  public static HttpOptions defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The largest turn {@code input} accepted, in UTF-8 bytes; a larger one is a 400. */
  public int maxInputBytes() {
    return maxInputBytes;
  }

  /**
   * The largest request body read: twice {@link #maxInputBytes()} (JSON escapes) plus 16 KiB. A
   * larger body is refused with {@code INPUT_TOO_LARGE} before it is read or parsed.
   */
  public int maxBodyBytes() {
    return (int) Math.min(Integer.MAX_VALUE - 8, 2L * maxInputBytes + BODY_OVERHEAD_BYTES);
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

  @Override
  public String toString() {
    return "HttpOptions[maxInputBytes="
        + maxInputBytes
        + ", decisionTimeout="
        + decisionTimeout
        + ", maxWait="
        + maxWait
        + ", forwardConnectTimeout="
        + forwardConnectTimeout
        + "]";
  }

  /** Builds {@link HttpOptions}; each setter checks its value. */
  public static final class Builder {
    private int maxInputBytes = DEFAULT_MAX_INPUT_BYTES;
    private Duration decisionTimeout = DEFAULT_DECISION_TIMEOUT;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private Duration forwardConnectTimeout = DEFAULT_FORWARD_CONNECT_TIMEOUT;

    private Builder() {}

    /** See {@link HttpOptions#maxInputBytes()}; at least 1. */
    public Builder maxInputBytes(int maxInputBytes) {
      if (maxInputBytes < 1) {
        throw new IllegalArgumentException(
            "maxInputBytes must be at least 1, got " + maxInputBytes);
      }
      this.maxInputBytes = maxInputBytes;
      return this;
    }

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
