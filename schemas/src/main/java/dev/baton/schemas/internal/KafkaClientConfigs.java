package dev.baton.schemas.internal;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * Kafka's own definitions of its producer, consumer and admin client configs: which names exist,
 * which are secrets, and whether a value parses and passes the config's validator.
 */
public final class KafkaClientConfigs {

  /** The config of a JAAS login module, which Kafka parses only when a client logs in. */
  public static final String JAAS_CONFIG = "sasl.jaas.config";

  private static final List<ConfigDef> DEFINITIONS =
      List.of(
          ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());

  private KafkaClientConfigs() {}

  /** The definition of {@code name} in a producer, consumer or admin client; empty if none. */
  public static Optional<ConfigKey> definition(String name) {
    return DEFINITIONS.stream()
        .map(definition -> definition.configKeys().get(name))
        .filter(key -> key != null)
        .findFirst();
  }

  /** Whether Kafka holds {@code name} as a secret: its type is {@code PASSWORD}. */
  public static boolean isSecret(String name) {
    return definition(name).map(key -> key.type == ConfigDef.Type.PASSWORD).orElse(false);
  }

  /**
   * Why {@code value} is no valid value of config {@code name}, in Kafka's words; empty if it is
   * one. A {@value #JAAS_CONFIG} is parsed as a client's login would parse it.
   */
  public static Optional<String> problem(ConfigKey key, String value) {
    try {
      Object parsed = ConfigDef.parseType(key.name, value, key.type);
      if (key.validator != null) {
        key.validator.ensureValid(key.name, parsed);
      }
      if (key.name.equals(JAAS_CONFIG)) {
        JaasContext.loadClientContext(java.util.Map.of(JAAS_CONFIG, new Password(value)));
      }
      return Optional.empty();
    } catch (ConfigException | IllegalArgumentException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }
}
