package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.coordinator.BrokerSettings;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.topology.ProcessingMode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton coordinator}: one coordinator instance against an existing Kafka, registry, Redis.
 */
@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    description =
        "Run one coordinator instance against an existing Kafka, Schema Registry and Redis."
            + " Creates missing topics and prepares the workers' share group first.")
final class CoordinatorCommand implements Callable<Integer> {

  /** How long reading the brokers' settings may take before the coordinator starts anyway. */
  private static final Duration BROKER_SETTINGS_TIMEOUT = Duration.ofSeconds(10);

  @Mixin ExternalAddresses addresses;
  @Mixin CoordinatorOptions options;
  @Mixin ShareGroupOption group;

  @Option(
      names = "--replication-factor",
      defaultValue = "" + TopicBootstrap.DEFAULT_REPLICATION_FACTOR,
      converter = SettingTypes.ReplicationFactor.class,
      description = "Replication factor of topics this coordinator creates if they are missing.")
  int replicationFactor;

  @Option(
      names = "--create-admin-token",
      defaultValue = "false",
      converter = SettingTypes.Bool.class,
      description =
          "With --auth=tokens and no API token in the tokens topic, create a fleet:admin token and"
              + " write it to the log once, for a fleet started from nothing.")
  boolean createAdminToken;

  @Override
  public Integer call() throws InterruptedException {
    CoordinatorConfig config =
        options
            .configBuilder()
            .kafka(addresses.requiredKafka())
            .registry(addresses.requiredRegistry())
            .redisUri(addresses.requiredRedis())
            .build();
    try (TopicBootstrap topics = new TopicBootstrap(config.kafka(), replicationFactor)) {
      topics.createTopics(config.topics(), config.topology().maxRecordBytes());
      topics.prepareShareGroup(group.shareGroup);
    }
    if (config.streams().processingMode() == ProcessingMode.EXACTLY_ONCE) {
      BrokerSettings.warnIfSlowForExactlyOnce(config.kafka(), BROKER_SETTINGS_TIMEOUT);
    }
    UntilShutdown shutdown = new UntilShutdown();
    shutdown.closeAtShutdown(
        Coordinator.start(config, ProcessTracing.start("baton-coordinator", shutdown)));
    if (createAdminToken && config.auth() == AuthMode.TOKENS) {
      InitialAdminToken.createIfNone(config);
    }
    shutdown.await();
    return 0;
  }
}
