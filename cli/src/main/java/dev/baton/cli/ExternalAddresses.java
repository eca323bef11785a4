package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Addresses of an existing Kafka, Schema Registry and Redis. */
final class ExternalAddresses {

  private static final String REQUIRED = "required, except by baton dev, which starts an embedded ";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = {"--kafka-bootstrap", "--kafka"},
      converter = SettingTypes.Text.class,
      description = "Kafka bootstrap servers, host:port[,host:port].")
  @SettingDefault(REQUIRED + "broker")
  String kafkaBootstrap;

  @Option(
      names = {"--registry-url", "--registry"},
      converter = SettingTypes.Text.class,
      description = "Confluent-compatible Schema Registry URL.")
  @SettingDefault(REQUIRED + "Apicurio Registry")
  String registryUrl;

  @Option(
      names = {"--redis-uri", "--redis"},
      converter = SettingTypes.Text.class,
      description = "Redis URI, redis://host:port.")
  @SettingDefault(REQUIRED + "Redis")
  String redisUri;

  String requiredKafka() {
    return Settings.required(command, "--kafka-bootstrap", kafkaBootstrap);
  }

  String requiredRegistry() {
    return Settings.required(command, "--registry-url", registryUrl);
  }

  String requiredRedis() {
    return Settings.required(command, "--redis-uri", redisUri);
  }
}
