package dev.baton.coordinator.cli;

import dev.baton.coordinator.ConfigException;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code baton coordinator}: one coordinator instance against an existing Kafka, registry, Redis.
 */
@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    description =
        "Run one coordinator instance against an existing Kafka, Schema Registry and Redis.")
final class CoordinatorCommand implements Callable<Integer> {

  @Mixin ExternalAddresses addresses;
  @Mixin CoordinatorOptions options;

  @Override
  public Integer call() throws InterruptedException {
    CoordinatorConfig config =
        options
            .configBuilder()
            .kafkaBootstrap(required("kafka", "BATON_KAFKA_BOOTSTRAP", addresses.kafkaBootstrap))
            .registryUrl(required("registry", "BATON_REGISTRY_URL", addresses.registryUrl))
            .redisUri(required("redis", "BATON_REDIS_URI", addresses.redisUri))
            .build();
    UntilShutdown shutdown = new UntilShutdown();
    shutdown.closeAtShutdown(Coordinator.start(config));
    shutdown.await();
    return 0;
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
