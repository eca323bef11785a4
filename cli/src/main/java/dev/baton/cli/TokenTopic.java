package dev.baton.cli;

import dev.baton.cli.ops.ClusterAccess;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import java.util.function.Function;
import picocli.CommandLine.Mixin;

/**
 * Where the {@code baton token} commands find the tokens topic: Kafka, the registry, the prefix.
 */
final class TokenTopic {

  @Mixin ExternalAddresses addresses;
  @Mixin TopicPrefixOption prefix;
  @Mixin OpsTimeoutOption timeout;

  /** Runs {@code action} with an admin of the tokens topic, after checking the cluster answers. */
  <T> T withAdmin(Function<TokenAdmin, T> action) {
    ClusterAccess access =
        new ClusterAccess(addresses.requiredKafka(), addresses.requiredRegistry(), timeout.timeout);
    access.requireReachable();
    TopicLayout layout =
        TopicLayout.of(
            prefix.topicPrefix, TopicLayout.DEFAULT_APPLICATION_ID, TopicLayout.DEFAULT_PARTITIONS);
    try (SchemaRegistryClient registry = access.registryClient();
        TokenAdmin admin =
            TokenAdmin.connect(access.kafka(), Topics.create(layout, registry).tokens())) {
      return action.apply(admin);
    }
  }
}
