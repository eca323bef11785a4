package dev.baton.coordinator.cli;

import dev.baton.coordinator.ConfigException;
import picocli.CommandLine.Option;

/** Addresses of an existing Kafka, Schema Registry and Redis. */
final class ExternalAddresses {

  @Option(
      names = "--kafka",
      defaultValue = "${env:BATON_KAFKA_BOOTSTRAP}",
      description = "Kafka bootstrap servers, host:port[,host:port] (env BATON_KAFKA_BOOTSTRAP).")
  String kafkaBootstrap;

  @Option(
      names = "--registry",
      defaultValue = "${env:BATON_REGISTRY_URL}",
      description = "Confluent-compatible Schema Registry URL (env BATON_REGISTRY_URL).")
  String registryUrl;

  @Option(
      names = "--redis",
      defaultValue = "${env:BATON_REDIS_URI}",
      description = "Redis URI, redis://host:port (env BATON_REDIS_URI).")
  String redisUri;

  String requiredKafka() {
    return required("kafka", "BATON_KAFKA_BOOTSTRAP", kafkaBootstrap);
  }

  String requiredRegistry() {
    return required("registry", "BATON_REGISTRY_URL", registryUrl);
  }

  String requiredRedis() {
    return required("redis", "BATON_REDIS_URI", redisUri);
  }

  private static String required(String option, String env, String value) {
    if (value == null || value.isBlank()) {
      throw ConfigException.invalid(
          option,
          value,
          "an address, given by --" + option + " or the environment variable " + env);
    }
    return value;
  }
}
