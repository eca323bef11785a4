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

  private static final HttpOptions DEFAULTS = builder().build();

  private final Duration decisionTimeout;
  private final Duration maxWait;
  private final Duration forwardConnectTimeout;

  private HttpOptions(Builder builder) {
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
    return "HttpOptions[decisionTimeout="
        + decisionTimeout
        + ", maxWait="
        + maxWait
        + ", forwardConnectTimeout="
        + forwardConnectTimeout
        + "]";
  }

  /** Builds {@link HttpOptions}; each setter checks its value. */
  public static final class Builder {
    private Duration decisionTimeout = DEFAULT_DECISION_TIMEOUT;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private Duration forwardConnectTimeout = DEFAULT_FORWARD_CONNECT_TIMEOUT;

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
