package dev.baton.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link BatonClient} reaches a fleet: the coordinators' base URIs (any one answers for every
 * session; the client moves to the next after a failure), its time-outs, and how often and how
 * patiently it tries again.
 *
 * <pre>{@code
 * ClientOptions options =
 *     ClientOptions.builder(URI.create("http://coordinator-1:8080"), URI.create("http://coordinator-2:8080"))
 *         .maxRetries(20)
 *         .build();
 * }</pre>
 */
public final class ClientOptions {

  /** Default of {@link #connectTimeout()}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Default of {@link #requestTimeout()}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Default of {@link #idleTimeout()}: three of the coordinator's default 15 s heartbeats. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(45);

  /** Default of {@link #maxRetries()}. */
  public static final int DEFAULT_MAX_RETRIES = 8;

  /** Default of {@link #initialBackoff()}. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

  /** Default of {@link #maxBackoff()}. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  private final List<URI> baseUris;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration idleTimeout;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String token;

  private ClientOptions(Builder builder) {
    this.baseUris = List.copyOf(builder.baseUris);
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.idleTimeout = builder.idleTimeout;
    this.maxRetries = builder.maxRetries;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.token = builder.token;
  }

  /**
   * A builder of options for the coordinators at {@code first} and {@code more}, each {@code
   * http(s)://host[:port][/path]}.
   */
  public static Builder builder(URI first, URI... more) {
    Builder builder = new Builder();
    builder.baseUris.add(checked(first));
    for (URI uri : more) {
      builder.baseUris.add(checked(uri));
    }
    return builder;
  }

  /** The coordinators' base URIs, in the order the client tries them. */
  public List<URI> baseUris() {
    return baseUris;
  }

  /** How long a connection may take to open. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long a request may wait for its answer to begin (a submit's {@code wait} is added); a
   * stream's events may then take as long as the turn does.
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * How long a stream may go without a byte (events and heartbeats alike) before the client takes
   * the connection for dead and resumes on a new one.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * How many times in a row a request, or a stream's reconnection, may fail (no connection, a
   * dropped one, 502, 503, 504) and be tried again before the client gives up; a stream starts
   * counting again with each event it delivers.
   */
  public int maxRetries() {
    return maxRetries;
  }

  /** The wait before the first retry; each further one waits twice as long, up to the maximum. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The longest wait between two attempts. A coordinator's {@code Retry-After} longer than this is
   * not waited for: its problem is thrown at once.
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The API token sent as {@code Authorization: Bearer}; empty to send none. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  @Override
  public String toString() {
    return "ClientOptions{baseUris="
        + baseUris
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", maxRetries="
        + maxRetries
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", token="
        + (token == null ? "none" : "(set)")
        + "}";
  }

  private static URI checked(URI uri) {
    Objects.requireNonNull(uri, "baseUri");
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "a coordinator's base URI must be http(s)://host[:port][/path], got " + uri);
    }
    return uri;
  }

  /** Builds {@link ClientOptions}; every setting has its {@code DEFAULT_*}. */
  public static final class Builder {

    private final List<URI> baseUris = new ArrayList<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private String token;

    private Builder() {}

    /** See {@link ClientOptions#connectTimeout()}; positive. */
    /**
     * The API token (from {@code baton token create}) to send with every request, as {@code
     * Authorization: Bearer <token>}; none by default, for coordinators run with {@code
     * --auth=off}.
     */
    public Builder token(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      this.token = token;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout);
      return this;
    }

    /** See {@link ClientOptions#requestTimeout()}; positive. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive("requestTimeout", requestTimeout);
      return this;
    }

    /** See {@link ClientOptions#idleTimeout()}; positive. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive("idleTimeout", idleTimeout);
      return this;
    }

    /** See {@link ClientOptions#maxRetries()}; 0 or more. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** See {@link ClientOptions#initialBackoff()}; 0 or more. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = notNegative("initialBackoff", initialBackoff);
      return this;
    }

    /** See {@link ClientOptions#maxBackoff()}; 0 or more, at least the initial backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = notNegative("maxBackoff", maxBackoff);
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if the initial backoff is longer than the maximum
     */
    public ClientOptions build() {
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff " + initialBackoff + " is longer than maxBackoff " + maxBackoff);
      }
      return new ClientOptions(this);
    }

    private static Duration positive(String name, Duration value) {
      if (notNegative(name, value).isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }

    private static Duration notNegative(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return value;
    }
  }
}
