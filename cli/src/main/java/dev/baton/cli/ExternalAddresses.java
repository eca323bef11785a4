package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Addresses of an existing Kafka, Schema Registry and Redis, and how to reach them: Kafka client
 * configs (TLS, SASL) and registry credentials.
 */
final class ExternalAddresses {

  /** The flag of Kafka's bootstrap servers. */
  static final String KAFKA_FLAG = "--kafka-bootstrap";

  private static final String REGISTRY_FLAG = "--registry-url";
  private static final String REQUIRED = "required, except by baton dev, which starts an embedded ";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = {KAFKA_FLAG, "--kafka"},
      converter = SettingTypes.Address.class,
      description = "Kafka bootstrap servers, host:port[,host:port].")
  @SettingDefault(REQUIRED + "broker")
  String kafkaBootstrap;

  @Option(
      names = {REGISTRY_FLAG, "--registry"},
      converter = SettingTypes.Address.class,
      description = "Confluent-compatible Schema Registry URL.")
  @SettingDefault(REQUIRED + "Apicurio Registry")
  String registryUrl;

  @Option(
      names = {"--redis-uri", "--redis"},
      converter = SettingTypes.Address.class,
      description =
          "Redis URI, redis://[user:password@]host:port, or rediss:// for TLS"
              + " (docs/operations.md#security).")
  @SettingDefault(REQUIRED + "Redis")
  String redisUri;

  @Mixin KafkaClientOptions kafkaClient;
  @Mixin RegistryAuthOptions registryAuth;

  /** The Kafka to reach, required, with the Kafka client configs. */
  KafkaConnection requiredKafka() {
    return kafka(Settings.required(command, KAFKA_FLAG, kafkaBootstrap));
  }

  /** The Kafka at {@code bootstrapServers} with the Kafka client configs. */
  KafkaConnection kafka(String bootstrapServers) {
    return kafkaClient.connection(bootstrapServers);
  }

  /** The Schema Registry to reach, required, with its credentials. */
  SchemaRegistryOptions requiredRegistry() {
    return registry(Settings.required(command, REGISTRY_FLAG, registryUrl));
  }

  /** The Schema Registry at {@code url} with the credentials. */
  SchemaRegistryOptions registry(String url) {
    return registryAuth.registry(command, REGISTRY_FLAG, url);
  }

  String requiredRedis() {
    return Settings.required(command, "--redis-uri", redisUri);
  }
}
