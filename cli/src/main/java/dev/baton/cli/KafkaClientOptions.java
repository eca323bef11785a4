package dev.baton.cli;

import dev.baton.cli.config.KafkaProperties;
import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.schemas.KafkaConnection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How this process's Kafka clients connect beyond the bootstrap servers (TLS, SASL): client configs
 * from a properties file and single ones over them, given to every Kafka client the process
 * creates.
 */
final class KafkaClientOptions {

  /** The flag of the properties file. */
  static final String FILE_FLAG = "--kafka-properties";

  /** The flag of a single config. */
  static final String PROPERTY_FLAG = "--kafka-property";

  @Option(
      names = FILE_FLAG,
      paramLabel = "FILE",
      converter = SettingTypes.KafkaPropertiesFile.class,
      description =
          "Properties file of Kafka client configs that every Kafka client of this process gets:"
              + " security.protocol, ssl.*, sasl.* (docs/operations.md#security).")
  @SettingDefault("none: plaintext, no login")
  KafkaProperties file;

  @Option(
      names = PROPERTY_FLAG,
      paramLabel = "KEY=VALUE",
      converter = SettingTypes.KafkaProperty.class,
      description =
          "A Kafka client config that every Kafka client of this process gets, over the"
              + " --kafka-properties file's; repeatable (one in the environment or --config file).")
  @SettingDefault("none")
  List<Map.Entry<String, String>> properties;

  /** Whether any client config is given. */
  boolean given() {
    return file != null || properties != null;
  }

  /** {@code bootstrapServers} with the file's configs, then the single ones. */
  KafkaConnection connection(String bootstrapServers) {
    KafkaConnection.Builder builder = KafkaConnection.builder(bootstrapServers);
    if (file != null) {
      builder.properties(file.values());
    }
    if (properties != null) {
      properties.forEach(property -> builder.property(property.getKey(), property.getValue()));
    }
    return builder.build();
  }
}
