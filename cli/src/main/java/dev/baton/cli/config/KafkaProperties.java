package dev.baton.cli.config;

import java.util.Map;
import java.util.Objects;

/**
 * Kafka client configs read from a {@code --kafka-properties} file, each checked ({@link
 * SettingTypes.KafkaPropertiesFile}).
 *
 * @param values the configs by key
 */
public record KafkaProperties(Map<String, String> values) {

  /** Copies the configs. */
  public KafkaProperties {
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
  }
}
