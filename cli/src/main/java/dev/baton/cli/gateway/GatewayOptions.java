package dev.baton.cli.gateway;

import dev.baton.coordinator.auth.TokenVerifier;
import dev.baton.coordinator.http.HttpServerBounds;
import dev.baton.schemas.Redaction;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link WorkerGateway} listens and how long it waits for remote workers.
 *
 * <pre>{@code
 * GatewayOptions options = GatewayOptions.builder()
 *     .port(8090)
 *     .tool("read_note", OperationClass.READ)
 *     .tool("deploy", OperationClass.WRITE)
 *     .approvalTools(List.of("deploy"))
 *     .heartbeatTimeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * @param host the interface the HTTP API listens on
 * @param port the HTTP port (0 picks a free one)
 * @param tools the tools the gateway takes calls of, with their declared operation classes
 * @param approvalTools the tools among {@code tools} the gateway declares as needing a person's
 *     approval ({@link ToolOption#NEEDS_APPROVAL})
 * @param heartbeatTimeout how long a claimed delivery lives without a heartbeat
 * @param claimTimeout how long a delivery waits for a remote worker to claim it before it is given
 *     back to the fleet
 * @param maxPollWait the longest a poll for work is held open
 * @param server the HTTP server's bounds: connections, idle timeout (longer than {@code
 *     maxPollWait}) and request head size
 * @param token the bearer token remote workers must send, if any
 * @param workerTokens the API tokens remote workers may send instead, those with the {@code worker}
 *     scope; empty for none (then {@code token} decides)
 */
public record GatewayOptions(
    String host,
    int port,
    Map<String, OperationClass> tools,
    Set<String> approvalTools,
    Duration heartbeatTimeout,
    Duration claimTimeout,
    Duration maxPollWait,
    HttpServerBounds server,
    Optional<String> token,
    Optional<TokenVerifier> workerTokens) {

  /** The default interface: every one. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** The default HTTP port. */
  public static final int DEFAULT_PORT = 8090;

  /** The default heartbeat timeout. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  /** The default claim timeout. */
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(30);

  /** The default longest poll; below the default idle timeout of the server's connections. */
  public static final Duration DEFAULT_MAX_POLL_WAIT = Duration.ofSeconds(20);

  private static final ToolOption[] NO_OPTIONS = {};

  /** The shortest heartbeat timeout: remote workers heartbeat every third of it. */
  public static final Duration MIN_HEARTBEAT_TIMEOUT = Duration.ofMillis(300);

  /** Checks the options and copies the tools. */
  public GatewayOptions {
    Objects.requireNonNull(host, "host");
    tools = Map.copyOf(Objects.requireNonNull(tools, "tools"));
    approvalTools = Set.copyOf(Objects.requireNonNull(approvalTools, "approvalTools"));
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(claimTimeout, "claimTimeout");
    Objects.requireNonNull(maxPollWait, "maxPollWait");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(workerTokens, "workerTokens");
    require(
        token.isEmpty() || workerTokens.isEmpty(),
        "token",
        "(set)",
        "a static worker token or API worker tokens, not both");
    require(!host.isBlank(), "host", host, "a non-blank host");
    require(port >= 0 && port <= 65_535, "port", port, "0 to 65535");
    require(
        heartbeatTimeout.compareTo(MIN_HEARTBEAT_TIMEOUT) >= 0,
        "heartbeatTimeout",
        heartbeatTimeout,
        "at least " + MIN_HEARTBEAT_TIMEOUT);
    require(claimTimeout.isPositive(), "claimTimeout", claimTimeout, "positive");
    require(maxPollWait.isPositive(), "maxPollWait", maxPollWait, "positive");
    require(
        server.idleTimeout().compareTo(maxPollWait) > 0,
        "server",
        server,
        idleTimeoutRule(server.idleTimeout(), maxPollWait));
    require(token.map(t -> !t.isBlank()).orElse(true), "token", "\"\"", "a non-blank token");
    tools.keySet().forEach(name -> require(!name.isBlank(), "tool", name, "a non-blank name"));
    require(
        tools.keySet().containsAll(approvalTools),
        "approvalTools",
        approvalTools,
        "tools the gateway serves, " + tools.keySet());
  }

  /** The options as a record shows them, with the token masked. */
  @Override
  public String toString() {
    return "GatewayOptions[host="
        + host
        + ", port="
        + port
        + ", tools="
        + tools
        + ", approvalTools="
        + approvalTools
        + ", heartbeatTimeout="
        + heartbeatTimeout
        + ", claimTimeout="
        + claimTimeout
        + ", maxPollWait="
        + maxPollWait
        + ", server="
        + server
        + ", token="
        + token.map(secret -> Redaction.MASK).orElse("none")
        + ", workerTokens="
        + workerTokens.map(tokens -> "the tokens topic").orElse("none")
        + "]";
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The rule between the server's idle timeout and the longest poll, in words, with the values
   * given: a poll held open longer than the idle timeout is cut by the server.
   */
  public static String idleTimeoutRule(Duration idleTimeout, Duration maxPollWait) {
    return HttpServerBounds.idleTimeoutRule(
        idleTimeout, "the longest poll", maxPollWait, "a waiting poll is cut");
  }

  /** What the gateway declares about tool {@code name} beside its class, when it registers it. */
  public ToolOption[] toolOptions(String name) {
    return approvalTools.contains(name) ? new ToolOption[] {ToolOption.NEEDS_APPROVAL} : NO_OPTIONS;
  }

  /** How often a remote worker should heartbeat: a third of the heartbeat timeout. */
  public Duration heartbeatInterval() {
    return heartbeatTimeout.dividedBy(3);
  }

  private static void require(boolean ok, String option, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Invalid gateway option " + option + "=" + value + "; allowed: " + allowed);
    }
  }

  /** Builds {@link GatewayOptions}; {@link #build()} checks them. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private final Map<String, OperationClass> tools = new LinkedHashMap<>();
    private final Set<String> approvalTools = new LinkedHashSet<>();
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private Duration claimTimeout = DEFAULT_CLAIM_TIMEOUT;
    private Duration maxPollWait = DEFAULT_MAX_POLL_WAIT;
    private HttpServerBounds server = HttpServerBounds.DEFAULTS;
    private String token;
    private TokenVerifier workerTokens;

    private Builder() {}

    /**
     * Accepts the API tokens {@code verifier} knows that have the {@code worker} scope, instead of
     * one static token; null for none.
     */
    public Builder workerTokens(TokenVerifier verifier) {
      this.workerTokens = verifier;
      return this;
    }

    /** Sets the interface to listen on. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Sets the HTTP port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Adds a tool the gateway takes calls of, declared as {@code operationClass}. */
    public Builder tool(String name, OperationClass operationClass) {
      tools.put(
          Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(operationClass, "operationClass"));
      return this;
    }

    /**
     * Declares that the calls of {@code names}, tools the gateway takes calls of, need a person's
     * approval ({@link ToolOption#NEEDS_APPROVAL}) when the agents of its remote workers ask for
     * them.
     */
    public Builder approvalTools(Collection<String> names) {
      names.forEach(name -> approvalTools.add(Objects.requireNonNull(name, "name")));
      return this;
    }

    /** Sets how long a claimed delivery lives without a heartbeat. */
    public Builder heartbeatTimeout(Duration heartbeatTimeout) {
      this.heartbeatTimeout = Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
      return this;
    }

    /** Sets how long a delivery waits to be claimed before it goes back to the fleet. */
    public Builder claimTimeout(Duration claimTimeout) {
      this.claimTimeout = Objects.requireNonNull(claimTimeout, "claimTimeout");
      return this;
    }

    /** Sets the longest a poll for work is held open. */
    public Builder maxPollWait(Duration maxPollWait) {
      this.maxPollWait = Objects.requireNonNull(maxPollWait, "maxPollWait");
      return this;
    }

    /** Sets the HTTP server's bounds: connections, idle timeout and request head size. */
    public Builder server(HttpServerBounds server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /** Requires remote workers to send {@code Authorization: Bearer <token>}; null for none. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    public GatewayOptions build() {
      return new GatewayOptions(
          host,
          port,
          tools,
          approvalTools,
          heartbeatTimeout,
          claimTimeout,
          maxPollWait,
          server,
          Optional.ofNullable(token),
          Optional.ofNullable(workerTokens));
    }
  }
}
