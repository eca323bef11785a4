package dev.baton.coordinator;

import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.coordinator.topology.StreamsOptions;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.Redaction;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.TopicLayout;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The settings of one coordinator instance. Immutable; built with {@link #builder()}. Its {@code
 * toString} shows no secret.
 *
 * <p>{@code CoordinatorConfig.builder().kafkaBootstrap("127.0.0.1:9092")
 * .registryUrl("http://127.0.0.1:8081").redisUri("redis://127.0.0.1:6379").build()}
 *
 * <p>Against a secured Kafka and registry, {@code kafka(KafkaConnection)} and {@code
 * registry(SchemaRegistryOptions)} take the place of the two addresses.
 *
 * @param kafka Kafka's bootstrap servers and the client configs (TLS, SASL) that every Kafka client
 *     of the instance gets: Kafka Streams', the command producer, the stream readers, the admin
 *     clients
 * @param registry the Confluent-compatible Schema Registry: its base URL and credentials
 * @param redisUri the Redis URI workers use for turn locks
 * @param topics topic names and partition counts
 * @param httpHost the address the HTTP API binds to
 * @param httpPort the HTTP API port, 0 for any free port
 * @param advertisedHost the host other coordinator instances reach this one's HTTP API at, for
 *     forwarding requests about the sessions it owns
 * @param processingMode exactly-once (default) or at-least-once
 * @param commitInterval Kafka Streams' commit interval; under exactly-once it bounds a busy
 *     thread's latency
 * @param producerLinger the linger of the coordinator's producers
 * @param streamThreads Kafka Streams threads of this instance
 * @param standbyReplicas how many other instances keep a warm copy of each task's state, ready to
 *     take its sessions over without restoring them
 * @param stateMemoryBytes the memory all of this process's state stores share in RocksDB (block
 *     cache, and within it their write buffers), whatever the number of sessions and partitions
 * @param sessionTimeout how long the group waits for a silent instance before it gives the
 *     instance's sessions to the others (the Streams consumer's {@code session.timeout.ms})
 * @param evictUnreachableAfter how long another instance's HTTP API must refuse the connections of
 *     forwarded requests before this one evicts it from the group (see {@link
 *     dev.baton.coordinator.topology.DeadPeers}); zero to wait out the session timeout instead
 * @param stateDir where Kafka Streams keeps its local state
 * @param http limits and timeouts of the HTTP API's session endpoints
 * @param topology the session processor's limits and tool-call operation classes; its idle commit,
 *     unless set, is the one {@code processingMode} calls for ({@link
 *     TopologyOptions#withIdleCommitDefault})
 * @param metrics whether the instance keeps meters and serves them at {@code GET /metrics}
 * @param auth whether the session endpoints need API tokens
 * @param tenants the limits per tenant: submit rates shared by the fleet in Redis, open streams
 */
public record CoordinatorConfig(
    KafkaConnection kafka,
    SchemaRegistryOptions registry,
    String redisUri,
    TopicLayout topics,
    String httpHost,
    int httpPort,
    String advertisedHost,
    ProcessingMode processingMode,
    Duration commitInterval,
    Duration producerLinger,
    int streamThreads,
    int standbyReplicas,
    long stateMemoryBytes,
    Duration sessionTimeout,
    Duration evictUnreachableAfter,
    Path stateDir,
    HttpOptions http,
    TopologyOptions topology,
    boolean metrics,
    AuthMode auth,
    TenantLimits tenants) {

  /** The default of {@link #auth()}: tokens are needed. */
  public static final AuthMode DEFAULT_AUTH = AuthMode.TOKENS;

  /** The default HTTP bind address. */
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";

  /** The default HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** The default processing mode: exactly-once. */
  public static final ProcessingMode DEFAULT_PROCESSING_MODE = ProcessingMode.EXACTLY_ONCE;

  /**
   * The default commit interval: 20 ms. Under exactly-once it paces the commits of a busy stream
   * thread; a lone turn's outputs are committed sooner, once its input goes quiet ({@link
   * TopologyOptions#idleCommit()}).
   */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(20);

  /** The default producer linger: none, since Kafka Streams' default of 100 ms dominates. */
  public static final Duration DEFAULT_PRODUCER_LINGER = Duration.ZERO;

  /**
   * The default time another instance's HTTP API must refuse connections before this one evicts it
   * from the group: 1 s, against the 6 s session timeout.
   */
  public static final Duration DEFAULT_EVICT_UNREACHABLE_AFTER = Duration.ofSeconds(1);

  /**
   * The default number of stream threads: 2, so that one thread's transaction commits while the
   * other processes.
   */
  public static final int DEFAULT_STREAM_THREADS = 2;

  /**
   * The default number of standby replicas: 1, so that when an instance dies another one already
   * holds its sessions' state and takes them over without restoring it. With a single instance
   * there is nowhere to put a standby, and the setting costs nothing.
   */
  public static final int DEFAULT_STANDBY_REPLICAS = 1;

  /**
   * The default memory of the state stores in RocksDB: 256 MiB for all of them, so that a
   * coordinator's resident memory does not grow with its sessions (RocksDB's own defaults give each
   * store a block cache of 50 MiB and up to 48 MiB of write buffers, and there are five stores per
   * partition).
   */
  public static final long DEFAULT_STATE_MEMORY_BYTES = 256L << 20;

  /** The least state memory allowed: 16 MiB. */
  public static final long MIN_STATE_MEMORY_BYTES = 16L << 20;

  /**
   * The default session timeout: 6 s, the broker's default minimum, instead of Kafka's 45 s, so
   * that a crashed coordinator's sessions move to another instance within seconds. A whole-process
   * pause longer than this (a long GC) costs a rebalance.
   */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

  /** The shortest session timeout allowed. */
  public static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(1);

  /** Validates the settings; each message names the setting, its value and what is allowed. */
  public CoordinatorConfig {
    if (kafka == null) {
      throw ConfigException.invalid("kafka.bootstrap", null, "Kafka's bootstrap servers");
    }
    if (registry == null) {
      throw ConfigException.invalid("registry.url", null, "the schema registry's URL");
    }
    requireText("redis.uri", redisUri);
    Objects.requireNonNull(topics, "topics");
    requireText("http.host", httpHost);
    requireText("http.advertised-host", advertisedHost);
    if (httpPort < 0 || httpPort > 65535) {
      throw ConfigException.invalid("http.port", httpPort, "an integer from 0 to 65535");
    }
    Objects.requireNonNull(processingMode, "processingMode");
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw ConfigException.invalid("commit.interval", commitInterval, "a positive duration");
    }
    if (producerLinger.isNegative()) {
      throw ConfigException.invalid("producer.linger", producerLinger, "zero or more");
    }
    if (streamThreads < 1) {
      throw ConfigException.invalid("stream.threads", streamThreads, "an integer of 1 or more");
    }
    if (standbyReplicas < 0) {
      throw ConfigException.invalid("standby.replicas", standbyReplicas, "an integer of 0 or more");
    }
    if (stateMemoryBytes < MIN_STATE_MEMORY_BYTES) {
      throw ConfigException.invalid(
          "state.memory",
          stateMemoryBytes,
          "at least " + MIN_STATE_MEMORY_BYTES + " bytes (16 MiB)");
    }
    if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0) {
      throw ConfigException.invalid(
          "session.timeout", sessionTimeout, "at least " + MIN_SESSION_TIMEOUT.toMillis() + " ms");
    }
    if (evictUnreachableAfter.isNegative()) {
      throw ConfigException.invalid(
          "evict.unreachable.after", evictUnreachableAfter, "zero (off) or more");
    }
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(topology, "topology");
    topology = topology.withIdleCommitDefault(processingMode);
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(tenants, "tenants");
  }

  /**
   * The values of this instance's Kafka Streams application, for {@link
   * dev.baton.coordinator.topology.StreamsSettings#of}.
   */
  public StreamsOptions streams() {
    return new StreamsOptions(
        topics.applicationId(),
        kafka,
        processingMode,
        commitInterval,
        topology.idleCommit(),
        producerLinger,
        streamThreads,
        standbyReplicas,
        stateMemoryBytes,
        sessionTimeout,
        evictUnreachableAfter,
        stateDir,
        advertisedHost);
  }

  /** Kafka's bootstrap servers, {@code host:port[,host:port]}. */
  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  /** The schema registry's base URL, without credentials. */
  public String registryUrl() {
    return registry.baseUrl().toString();
  }

  /**
   * Every setting as a record shows it, with the password of the Redis URI masked; the Kafka
   * connection and the registry options mask their own secrets.
   */
  @Override
  public String toString() {
    return Arrays.stream(CoordinatorConfig.class.getRecordComponents())
        .map(component -> component.getName() + "=" + shownValue(component))
        .collect(Collectors.joining(", ", "CoordinatorConfig[", "]"));
  }

  private String shownValue(RecordComponent component) {
    try {
      return Redaction.uri(String.valueOf(component.getAccessor().invoke(this)));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }

  /** Returns a builder with the defaults set. */
  public static Builder builder() {
    return new Builder();
  }

  private static String defaultAdvertisedHost(String httpHost) {
    if (!httpHost.equals("0.0.0.0") && !httpHost.equals("::")) {
      return httpHost;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw ConfigException.invalid(
          "http.advertised-host", null, "a host name; this machine's could not be found: " + e);
    }
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw ConfigException.invalid(key, value, "a non-empty value");
    }
  }

  /** Builds a {@link CoordinatorConfig}. */
  public static final class Builder {
    private KafkaConnection kafka;
    private SchemaRegistryOptions registry;
    private String redisUri;
    private TopicLayout topics = TopicLayout.defaults();
    private String httpHost = DEFAULT_HTTP_HOST;
    private int httpPort = DEFAULT_HTTP_PORT;
    private ProcessingMode processingMode = DEFAULT_PROCESSING_MODE;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    private Duration producerLinger = DEFAULT_PRODUCER_LINGER;
    private int streamThreads = DEFAULT_STREAM_THREADS;
    private int standbyReplicas = DEFAULT_STANDBY_REPLICAS;
    private long stateMemoryBytes = DEFAULT_STATE_MEMORY_BYTES;
    private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
    private Duration evictUnreachableAfter = DEFAULT_EVICT_UNREACHABLE_AFTER;
    private Path stateDir;
    private HttpOptions http = HttpOptions.defaults();
    private String advertisedHost;
    private TopologyOptions topology = TopologyOptions.defaults();
    private boolean metrics = true;
    private AuthMode auth = DEFAULT_AUTH;
    private TenantLimits tenants = TenantLimits.defaults();

    private Builder() {}

    /**
     * Whether the session endpoints need API tokens ({@link AuthMode#TOKENS}, the default) or serve
     * anyone as the default tenant ({@link AuthMode#OFF}).
     */
    public Builder auth(AuthMode auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Kafka bootstrap servers, {@code host:port[,host:port]}, with no further client configs: the
     * same as {@code kafka(KafkaConnection.of(kafkaBootstrap))}.
     */
    public Builder kafkaBootstrap(String kafkaBootstrap) {
      Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
      try {
        return kafka(KafkaConnection.of(kafkaBootstrap));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid("kafka.bootstrap", kafkaBootstrap, "host:port[,host:port]");
      }
    }

    /**
     * Kafka's bootstrap servers and the client configs (TLS, SASL) every Kafka client of the
     * instance gets.
     */
    public Builder kafka(KafkaConnection kafka) {
      this.kafka = Objects.requireNonNull(kafka, "kafka");
      return this;
    }

    /**
     * The Schema Registry base URL (Confluent API), with the default timeouts: the same as {@code
     * registry(SchemaRegistryOptions.builder(registryUrl).build())}. Credentials in its user
     * information are sent as basic authentication.
     */
    public Builder registryUrl(String registryUrl) {
      Objects.requireNonNull(registryUrl, "registryUrl");
      try {
        return registry(SchemaRegistryOptions.builder(registryUrl).build());
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(
            "registry.url",
            Redaction.uri(registryUrl),
            "an http or https URL (" + e.getMessage() + ")");
      }
    }

    /** The Schema Registry: its base URL, credentials and timeouts. */
    public Builder registry(SchemaRegistryOptions registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The Redis URI. */
    public Builder redisUri(String redisUri) {
      this.redisUri = Objects.requireNonNull(redisUri, "redisUri");
      return this;
    }

    /** Topic names and partition counts. */
    public Builder topics(TopicLayout topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /** The HTTP bind address. */
    public Builder httpHost(String httpHost) {
      this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
      return this;
    }

    /** The HTTP port; 0 picks a free one. */
    public Builder httpPort(int httpPort) {
      this.httpPort = httpPort;
      return this;
    }

    /** Exactly-once (default) or at-least-once. */
    public Builder processingMode(ProcessingMode processingMode) {
      this.processingMode = Objects.requireNonNull(processingMode, "processingMode");
      return this;
    }

    /** Kafka Streams' commit interval. */
    public Builder commitInterval(Duration commitInterval) {
      this.commitInterval = Objects.requireNonNull(commitInterval, "commitInterval");
      return this;
    }

    /** The producers' linger. */
    public Builder producerLinger(Duration producerLinger) {
      this.producerLinger = Objects.requireNonNull(producerLinger, "producerLinger");
      return this;
    }

    /** Kafka Streams threads. */
    public Builder streamThreads(int streamThreads) {
      this.streamThreads = streamThreads;
      return this;
    }

    /** See {@link CoordinatorConfig#standbyReplicas()}; 0 or more. */
    public Builder standbyReplicas(int standbyReplicas) {
      this.standbyReplicas = standbyReplicas;
      return this;
    }

    /** See {@link CoordinatorConfig#stateMemoryBytes()}; at least 16 MiB. */
    public Builder stateMemoryBytes(long stateMemoryBytes) {
      this.stateMemoryBytes = stateMemoryBytes;
      return this;
    }

    /** See {@link CoordinatorConfig#sessionTimeout()}; at least 1 s. */
    public Builder sessionTimeout(Duration sessionTimeout) {
      this.sessionTimeout = Objects.requireNonNull(sessionTimeout, "sessionTimeout");
      return this;
    }

    /** See {@link CoordinatorConfig#evictUnreachableAfter()}; zero for off. */
    public Builder evictUnreachableAfter(Duration evictUnreachableAfter) {
      this.evictUnreachableAfter =
          Objects.requireNonNull(evictUnreachableAfter, "evictUnreachableAfter");
      return this;
    }

    /** Kafka Streams' state directory; {@link #defaultStateDir} of the HTTP port if not set. */
    public Builder stateDir(Path stateDir) {
      this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
      return this;
    }

    /**
     * The host other instances reach this one at; by default the bind address, or this machine's
     * host name when the API binds to every interface ({@code 0.0.0.0} or {@code ::}).
     */
    public Builder advertisedHost(String advertisedHost) {
      this.advertisedHost = Objects.requireNonNull(advertisedHost, "advertisedHost");
      return this;
    }

    /** Limits and timeouts of the HTTP API's session endpoints. */
    public Builder http(HttpOptions http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** The session processor's limits and tool-call operation classes. */
    public Builder topology(TopologyOptions topology) {
      this.topology = Objects.requireNonNull(topology, "topology");
      return this;
    }

    /**
     * Whether the instance keeps meters (of the session model's decisions, HTTP requests, Kafka
     * Streams and the JVM) and serves them at {@code GET /metrics}; on by default.
     */
    public Builder metrics(boolean metrics) {
      this.metrics = metrics;
      return this;
    }

    /** The limits per tenant; none by default. */
    public Builder tenants(TenantLimits tenants) {
      this.tenants = Objects.requireNonNull(tenants, "tenants");
      return this;
    }

    /**
     * The state directory when none is set: {@code baton-streams-<httpPort>} under the system temp
     * directory. Kafka Streams locks its state directory, and two coordinators on one machine need
     * different HTTP ports anyway, so by default they do not share one. With port 0 (any free port)
     * it is {@code baton-streams-pid<process id>}, since the port is not known yet.
     */
    public static Path defaultStateDir(int httpPort) {
      String name =
          httpPort == 0
              ? "baton-streams-pid" + ProcessHandle.current().pid()
              : "baton-streams-" + httpPort;
      return Path.of(System.getProperty("java.io.tmpdir"), name);
    }

    /** Validates and builds the settings. */
    public CoordinatorConfig build() {
      return new CoordinatorConfig(
          kafka,
          registry,
          redisUri,
          topics,
          httpHost,
          httpPort,
          advertisedHost != null ? advertisedHost : defaultAdvertisedHost(httpHost),
          processingMode,
          commitInterval,
          producerLinger,
          streamThreads,
          standbyReplicas,
          stateMemoryBytes,
          sessionTimeout,
          evictUnreachableAfter,
          stateDir != null ? stateDir : defaultStateDir(httpPort),
          http,
          topology,
          metrics,
          auth,
          tenants);
    }
  }
}
