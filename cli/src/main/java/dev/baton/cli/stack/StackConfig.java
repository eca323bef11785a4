package dev.baton.cli.stack;

import dev.baton.coordinator.ConfigException;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.Redaction;
import dev.baton.schemas.RegistryAuth;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.WorkerOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link EmbeddedStack} runs: each of Kafka, Redis and the Schema Registry is either
 * embedded (the default) or an external address; plus the topic layout to create and the share
 * group to prepare; an external Kafka may take client configs (TLS, SASL) and an external registry
 * credentials. Immutable; build it with {@link #builder()}.
 *
 * <pre>{@code
 * StackConfig config = StackConfig.builder()
 *     .redisUri("redis://cache.internal:6379")     // external Redis; Kafka and registry embedded
 *     .registryDistribution(Path.of("target/apicurio"))
 *     .build();
 * }</pre>
 */
public final class StackConfig {

  /** The share group workers consume assignments in. */
  public static final String DEFAULT_SHARE_GROUP_ID = WorkerOptions.DEFAULT_SHARE_GROUP;

  /** The replication factor of created topics; 1 suits the single embedded broker. */
  public static final int DEFAULT_REPLICATION_FACTOR = TopicBootstrap.DEFAULT_REPLICATION_FACTOR;

  /** How long each part may take to become ready. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * The system property naming the Apicurio Registry distribution directory when none is set on the
   * builder. The coordinator build unpacks it into {@code coordinator/target/apicurio}.
   */
  public static final String REGISTRY_DISTRIBUTION_PROPERTY = "baton.registry.dist";

  private static final List<String> REDIS_SCHEMES = List.of("redis", "rediss");
  private static final List<String> HTTP_SCHEMES = List.of("http", "https");

  private final Optional<String> kafkaBootstrap;
  private final Map<String, String> kafkaProperties;
  private final RegistryAuth registryAuth;
  private final Optional<String> redisUri;
  private final Optional<String> registryUrl;
  private final Optional<Path> registryDistribution;
  private final TopicLayout topicLayout;
  private final String shareGroupId;
  private final int replicationFactor;
  private final int maxRecordBytes;
  private final Duration startTimeout;
  private final int kafkaPort;
  private final int redisPort;
  private final int registryPort;
  private final Map<String, Integer> reservedPorts;

  private StackConfig(Builder builder, Path registryDistribution) {
    this.kafkaBootstrap = Optional.ofNullable(builder.kafkaBootstrap);
    this.kafkaProperties = Map.copyOf(builder.kafkaProperties);
    this.registryAuth = builder.registryAuth;
    this.redisUri = Optional.ofNullable(builder.redisUri);
    this.registryUrl = Optional.ofNullable(builder.registryUrl);
    this.registryDistribution = Optional.ofNullable(registryDistribution);
    this.topicLayout = builder.topicLayout;
    this.shareGroupId = builder.shareGroupId;
    this.replicationFactor = builder.replicationFactor;
    this.maxRecordBytes = builder.maxRecordBytes;
    this.startTimeout = builder.startTimeout;
    this.kafkaPort = builder.kafkaPort;
    this.redisPort = builder.redisPort;
    this.registryPort = builder.registryPort;
    this.reservedPorts = Collections.unmodifiableMap(new LinkedHashMap<>(builder.reservedPorts));
  }

  /** A builder with every part embedded and the default layout and share group. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every part embedded, the registry distribution from {@value #REGISTRY_DISTRIBUTION_PROPERTY}.
   */
  public static StackConfig defaults() {
    return builder().build();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.kafkaBootstrap = kafkaBootstrap.orElse(null);
    builder.kafkaProperties.putAll(kafkaProperties);
    builder.registryAuth = registryAuth;
    builder.redisUri = redisUri.orElse(null);
    builder.registryUrl = registryUrl.orElse(null);
    builder.registryDistribution = registryDistribution.orElse(null);
    builder.topicLayout = topicLayout;
    builder.shareGroupId = shareGroupId;
    builder.replicationFactor = replicationFactor;
    builder.maxRecordBytes = maxRecordBytes;
    builder.startTimeout = startTimeout;
    builder.kafkaPort = kafkaPort;
    builder.redisPort = redisPort;
    builder.registryPort = registryPort;
    builder.reservedPorts.putAll(reservedPorts);
    return builder;
  }

  /** An external Kafka's {@code bootstrap.servers}; empty for the embedded broker. */
  public Optional<String> kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** The client configs (TLS, SASL) of an external Kafka; empty for the embedded broker. */
  public Map<String, String> kafkaProperties() {
    return kafkaProperties;
  }

  /** How clients reach this stack's Kafka at {@code bootstrapServers}: with its client configs. */
  public KafkaConnection kafka(String bootstrapServers) {
    return KafkaConnection.builder(bootstrapServers).properties(kafkaProperties).build();
  }

  /**
   * How clients reach this stack's registry at {@code url}: with its credentials, given here or in
   * the URL's user information.
   */
  public SchemaRegistryOptions registry(String url) {
    return registryAuth == RegistryAuth.none()
        ? SchemaRegistryOptions.builder(url).build()
        : SchemaRegistryOptions.builder(url).auth(registryAuth).build();
  }

  /** An external Redis URI; empty for the embedded server. */
  public Optional<String> redisUri() {
    return redisUri;
  }

  /** An external Confluent-compatible registry URL; empty for the embedded registry. */
  public Optional<String> registryUrl() {
    return registryUrl;
  }

  /** The Apicurio distribution of the embedded registry; empty when the registry is external. */
  public Optional<Path> registryDistribution() {
    return registryDistribution;
  }

  /** The topics to create. */
  public TopicLayout topicLayout() {
    return topicLayout;
  }

  /** The share group to prepare so that it starts at the earliest offset. */
  public String shareGroupId() {
    return shareGroupId;
  }

  /** The replication factor of created topics. */
  public int replicationFactor() {
    return replicationFactor;
  }

  /**
   * The record limit the topics are created for, their {@code max.message.bytes} ({@link
   * TopologyOptions#maxRecordBytes()}).
   */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** How long each part may take to become ready. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** The client port of the embedded broker on 127.0.0.1; 0 for a free port. */
  public int kafkaPort() {
    return kafkaPort;
  }

  /** The port of the embedded Redis on 127.0.0.1; 0 for a free port. */
  public int redisPort() {
    return redisPort;
  }

  /** The HTTP port of the embedded registry on 127.0.0.1; 0 for a free port. */
  public int registryPort() {
    return registryPort;
  }

  /**
   * The ports the caller binds once the stack has started, by who binds them; the stack keeps them
   * from its parts while they start.
   */
  public Map<String, Integer> reservedPorts() {
    return reservedPorts;
  }

  @Override
  public String toString() {
    return "StackConfig[kafka="
        + kafkaBootstrap.orElse("embedded")
        + ", kafkaProperties="
        + Redaction.kafkaProperties(kafkaProperties)
        + ", redis="
        + redisUri.map(Redaction::uri).orElse("embedded")
        + ", registry="
        + registryUrl.map(Redaction::uri).orElse("embedded")
        + ", registryAuth="
        + registryAuth
        + ", topics="
        + topicLayout
        + ", shareGroupId="
        + shareGroupId
        + "]";
  }

  /** Builds a {@link StackConfig}; setters check their value, {@link #build()} the combination. */
  public static final class Builder {

    private String kafkaBootstrap;
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
    private RegistryAuth registryAuth = RegistryAuth.none();
    private String redisUri;
    private String registryUrl;
    private Path registryDistribution;
    private TopicLayout topicLayout = TopicLayout.defaults();
    private String shareGroupId = DEFAULT_SHARE_GROUP_ID;
    private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private int maxRecordBytes = TopologyOptions.DEFAULT_MAX_RECORD_BYTES;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private int kafkaPort;
    private int redisPort;
    private int registryPort;
    private final Map<String, Integer> reservedPorts = new LinkedHashMap<>();

    private Builder() {}

    /** Uses an external Kafka, {@code host:port[,host:port...]}. */
    public Builder kafkaBootstrap(String bootstrapServers) {
      this.kafkaBootstrap = validBootstrap(bootstrapServers);
      return this;
    }

    /** Uses the embedded Kafka broker (the default). */
    public Builder embeddedKafka() {
      this.kafkaBootstrap = null;
      return this;
    }

    /**
     * Client configs (TLS, SASL) of the external Kafka, each one {@link KafkaConnection} allows;
     * none by default. The embedded broker takes none.
     */
    public Builder kafkaProperties(Map<String, String> properties) {
      properties.forEach(
          (key, value) ->
              KafkaConnection.problem(key, value)
                  .ifPresent(
                      why -> {
                        throw ConfigException.invalid(
                            "kafkaProperties",
                            key + "=" + Redaction.kafkaProperty(key, value),
                            why);
                      }));
      kafkaProperties.putAll(properties);
      return this;
    }

    /** Credentials of the external registry; none by default. */
    public Builder registryAuth(RegistryAuth auth) {
      this.registryAuth = Objects.requireNonNull(auth, "registryAuth");
      return this;
    }

    /**
     * Uses an external Redis, {@code redis://[user:password@]host:port[/db]} or {@code rediss://}.
     */
    public Builder redisUri(String uri) {
      this.redisUri = validUri("redisUri", uri, REDIS_SCHEMES).toString();
      return this;
    }

    /** Uses the embedded Redis server (the default). */
    public Builder embeddedRedis() {
      this.redisUri = null;
      return this;
    }

    /** Uses an external Confluent-compatible registry, such as {@code http://host:8081}. */
    public Builder registryUrl(String url) {
      this.registryUrl = stripTrailingSlash(validUri("registryUrl", url, HTTP_SCHEMES).toString());
      return this;
    }

    /** Uses the embedded registry (the default). */
    public Builder embeddedRegistry() {
      this.registryUrl = null;
      return this;
    }

    /** The Apicurio Registry distribution directory, the one holding {@code quarkus-run.jar}. */
    public Builder registryDistribution(Path directory) {
      this.registryDistribution = Objects.requireNonNull(directory, "registryDistribution");
      return this;
    }

    /** The topics to create; {@link TopicLayout#defaults()} by default. */
    public Builder topicLayout(TopicLayout layout) {
      this.topicLayout = Objects.requireNonNull(layout, "topicLayout");
      return this;
    }

    /** The share group to prepare; {@value #DEFAULT_SHARE_GROUP_ID} by default. */
    public Builder shareGroupId(String groupId) {
      Objects.requireNonNull(groupId, "shareGroupId");
      if (groupId.isBlank()) {
        throw ConfigException.invalid("shareGroupId", groupId, "a non-blank group id");
      }
      this.shareGroupId = groupId;
      return this;
    }

    /**
     * The replication factor of created topics; {@value #DEFAULT_REPLICATION_FACTOR} by default.
     */
    public Builder replicationFactor(int factor) {
      if (factor < 1 || factor > Short.MAX_VALUE) {
        throw ConfigException.invalid(
            "replicationFactor", factor, "an integer from 1 to " + Short.MAX_VALUE);
      }
      this.replicationFactor = factor;
      return this;
    }

    /**
     * The record limit the topics are created for; {@link TopologyOptions#DEFAULT_MAX_RECORD_BYTES}
     * by default.
     */
    public Builder maxRecordBytes(int maxRecordBytes) {
      if (maxRecordBytes < 1) {
        throw ConfigException.invalid("maxRecordBytes", maxRecordBytes, "an integer of 1 or more");
      }
      this.maxRecordBytes = maxRecordBytes;
      return this;
    }

    /** How long each part may take to become ready; 90 s by default. */
    public Builder startTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "startTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw ConfigException.invalid("startTimeout", timeout, "a positive duration");
      }
      this.startTimeout = timeout;
      return this;
    }

    /** The client port of the embedded broker; 0 (the default) for a free port. */
    public Builder kafkaPort(int port) {
      this.kafkaPort = checkedPort("kafkaPort", port);
      return this;
    }

    /** The port of the embedded Redis; 0 (the default) for a free port. */
    public Builder redisPort(int port) {
      this.redisPort = checkedPort("redisPort", port);
      return this;
    }

    /** The HTTP port of the embedded registry; 0 (the default) for a free port. */
    public Builder registryPort(int port) {
      this.registryPort = checkedPort("registryPort", port);
      return this;
    }

    /**
     * A loopback port that {@code user} binds once the stack has started (the HTTP API of {@code
     * baton dev}'s coordinator). The stack holds it while its parts start, so that no port they
     * pick is this one, and fails first, naming {@code user}, if it is in use. 0 reserves nothing.
     */
    public Builder reservedPort(String user, int port) {
      Objects.requireNonNull(user, "user");
      reservedPorts.put(user, checkedPort("reservedPort", port));
      return this;
    }

    private static int checkedPort(String key, int port) {
      if (port < 0 || port > 65535) {
        throw ConfigException.invalid(key, port, "a port from 1 to 65535, or 0 for a free port");
      }
      return port;
    }

    /**
     * Checks the combination and builds the configuration. An embedded registry needs a
     * distribution: the one set here, else the {@value #REGISTRY_DISTRIBUTION_PROPERTY} system
     * property.
     */
    public StackConfig build() {
      if (kafkaBootstrap == null && !kafkaProperties.isEmpty()) {
        throw ConfigException.invalid(
            "kafkaProperties",
            kafkaProperties.keySet(),
            "none with the embedded broker, which is plaintext; an external kafkaBootstrap takes"
                + " them");
      }
      return new StackConfig(this, registryUrl == null ? distribution() : null);
    }

    private Path distribution() {
      if (registryDistribution != null) {
        return registryDistribution;
      }
      String property = System.getProperty(REGISTRY_DISTRIBUTION_PROPERTY);
      if (property == null || property.isBlank()) {
        throw ConfigException.invalid(
            "registryDistribution",
            "(unset)",
            "the Apicurio Registry directory holding quarkus-run.jar (or the system property "
                + REGISTRY_DISTRIBUTION_PROPERTY
                + "), or a registryUrl for an external registry");
      }
      return Path.of(property);
    }

    private static String validBootstrap(String servers) {
      Objects.requireNonNull(servers, "kafkaBootstrap");
      String allowed = "comma-separated host:port pairs with ports from 1 to 65535";
      if (servers.isBlank()) {
        throw ConfigException.invalid("kafkaBootstrap", servers, allowed);
      }
      for (String server : servers.split(",")) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || !validPort(server.substring(colon + 1).trim())) {
          throw ConfigException.invalid("kafkaBootstrap", servers, allowed);
        }
      }
      return servers.replace(" ", "");
    }

    private static boolean validPort(String port) {
      try {
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    private static URI validUri(String key, String value, List<String> schemes) {
      Objects.requireNonNull(value, key);
      String allowed = "an absolute URI with a host and scheme " + String.join(" or ", schemes);
      try {
        URI uri = new URI(value.trim());
        if (uri.getScheme() == null
            || !schemes.contains(uri.getScheme().toLowerCase())
            || uri.getHost() == null) {
          throw ConfigException.invalid(key, Redaction.uri(value), allowed);
        }
        return uri;
      } catch (URISyntaxException e) {
        throw ConfigException.invalid(key, Redaction.uri(value), allowed);
      }
    }

    private static String stripTrailingSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }
}
