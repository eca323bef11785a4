package dev.baton.schemas;

import dev.baton.schemas.internal.KafkaClientConfigs;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a process reaches Kafka: the bootstrap servers, and the client configs (TLS, SASL, timeouts)
 * that every Kafka client the process creates receives. Each property is checked when it is added
 * against Kafka's own definitions, so a misspelt key or a bad value stops the process at start-up,
 * and a key that Baton sets itself (its guarantees depend on it) is refused. {@link #toString()}
 * shows no secret ({@link Redaction#kafkaProperty}).
 *
 * <pre>{@code
 * KafkaConnection kafka = KafkaConnection.builder("broker-1:9093")
 *     .property("security.protocol", "SASL_SSL")
 *     .property("sasl.mechanism", "SCRAM-SHA-512")
 *     .property("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
 *         + " required username=\"baton-coordinator\" password=\"...\";")
 *     .build();
 * Map<String, Object> config = kafka.clientConfig(); // then the client's own settings
 * }</pre>
 */
public final class KafkaConnection {

  /**
   * Configs that Baton sets itself on the clients that need them, because delivery, ordering,
   * acknowledgement or isolation depend on them; {@link Builder#property} refuses them. The
   * bootstrap servers are given on their own.
   */
  public static final Set<String> RESERVED_PROPERTIES =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "group.id",
          "group.instance.id",
          "transactional.id",
          "enable.idempotence",
          "acks",
          "isolation.level",
          "enable.auto.commit",
          "share.acknowledgement.mode",
          "share.acquire.mode",
          "max.poll.records");

  private final String bootstrapServers;
  private final Map<String, String> properties;

  private KafkaConnection(String bootstrapServers, Map<String, String> properties) {
    this.bootstrapServers = bootstrapServers;
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** A connection to {@code bootstrapServers} with no further client configs (plaintext). */
  public static KafkaConnection of(String bootstrapServers) {
    return builder(bootstrapServers).build();
  }

  /** A builder of a connection to {@code bootstrapServers}, {@code host:port[,host:port]}. */
  public static Builder builder(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers \"" + bootstrapServers + "\" are invalid: must be host:port");
    }
    return new Builder(bootstrapServers.trim());
  }

  /**
   * Why {@code key=value} cannot be a property, as what it must be ({@code "a config Baton does not
   * set itself ..."}); empty if it can.
   */
  public static Optional<String> problem(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (RESERVED_PROPERTIES.contains(key)) {
      return Optional.of(
          "a config Baton does not set itself (it sets "
              + new TreeSet<>(RESERVED_PROPERTIES)
              + ")");
    }
    return KafkaClientConfigs.definition(key)
        .map(
            definition ->
                KafkaClientConfigs.problem(definition, value)
                    .map(why -> "a valid " + key + " (" + shownProblem(key, value, why) + ")"))
        .orElseGet(
            () ->
                Optional.of(
                    "a Kafka producer, consumer or admin client config (" + key + " is none)"));
  }

  /** Kafka's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client configs every client receives, in the order they were added. */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * A new, mutable client config: the properties and {@code bootstrap.servers}. The caller puts the
   * client's own settings on top, which win over a property of the same key.
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(properties);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KafkaConnection that
        && bootstrapServers.equals(that.bootstrapServers)
        && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bootstrapServers, properties);
  }

  /** The bootstrap servers and the properties, with every secret masked. */
  @Override
  public String toString() {
    return "KafkaConnection[bootstrapServers="
        + bootstrapServers
        + ", properties="
        + Redaction.kafkaProperties(properties)
        + "]";
  }

  /** Kafka's message about a bad value, unless it would show a secret value. */
  private static String shownProblem(String key, String value, String why) {
    boolean shown = Redaction.kafkaProperty(key, value).equals(value);
    return shown || !why.contains(value) ? why : "the value is not valid";
  }

  /** Builds a {@link KafkaConnection}. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    /**
     * Adds a client config, such as {@code security.protocol=SASL_SSL}, replacing an earlier one of
     * the same key.
     *
     * @throws IllegalArgumentException if the key is in {@link #RESERVED_PROPERTIES}, is no Kafka
     *     producer, consumer or admin client config, or the value is not valid for it; the message
     *     names the key and the value (masked if secret) and what is allowed
     */
    public Builder property(String key, String value) {
      problem(key, value)
          .ifPresent(
              allowed -> {
                throw new IllegalArgumentException(
                    "Kafka property "
                        + key
                        + "="
                        + Redaction.kafkaProperty(key, value)
                        + " is invalid: must be "
                        + allowed);
              });
      properties.put(key, value);
      return this;
    }

    /** Adds every client config of {@code properties}, as {@link #property} does. */
    public Builder properties(Map<String, String> properties) {
      properties.forEach(this::property);
      return this;
    }

    /** Returns the connection. */
    public KafkaConnection build() {
      return new KafkaConnection(bootstrapServers, properties);
    }
  }
}
