package dev.baton.cli;

import dev.baton.cli.stack.EmbeddedStack;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.StackConfig;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.SchemaBootstrap;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code baton stack}: only the embedded Kafka, Schema Registry and Redis, with Baton's topics
 * created and the workers' share group prepared, until Ctrl-C; coordinators and workers run as
 * separate {@code baton coordinator} and {@code baton worker} processes against it.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start a real Kafka broker (KRaft), Schema Registry (Apicurio) and Redis on 127.0.0.1,"
          + " create Baton's topics and prepare the workers' share group, print the command lines"
          + " that join coordinators and workers to it, and run until Ctrl-C."
    })
final class StackCommand implements Callable<Integer> {

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka's client port, 0 for any free port.")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "The Schema Registry's HTTP port, 0 for any free port.")
  int registryPort;

  @Option(
      names = "--redis-port",
      defaultValue = "6379",
      description = "Redis's port, 0 for any free port.")
  int redisPort;

  @Option(
      names = "--partitions",
      defaultValue = "" + TopicLayout.DEFAULT_PARTITIONS,
      description = "Partitions of every topic.")
  int partitions;

  @Mixin TopicPrefixOption prefix;
  @Mixin MaxRecordBytesOption record;
  @Mixin ApplicationIdOption application;
  @Mixin ShareGroupOption group;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long startNanos = System.nanoTime();
    TopicLayout layout = TopicLayout.of(prefix.topicPrefix, application.applicationId, partitions);
    StackConfig config =
        StackConfig.builder()
            .topicLayout(layout)
            .shareGroupId(group.shareGroup)
            .maxRecordBytes(record.maxRecordBytes)
            .kafkaPort(kafkaPort)
            .registryPort(registryPort)
            .redisPort(redisPort)
            .build();
    UntilShutdown shutdown = new UntilShutdown();
    StackAddresses addresses =
        shutdown.closeAtShutdown(new EmbeddedStack(config).closedByCaller()).start();
    // Registered here, once, so that coordinators started at the same moment do not race to
    // create the subjects' compatibility rules (Apicurio refuses the second with 409).
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(addresses.registryUrl())) {
      SchemaBootstrap.run(layout, registry);
    }
    PrintWriter out = spec.commandLine().getOut();
    // No password of an address is printed; a command copied from the banner needs it back.
    out.print(
        banner(addresses.redacted(), layout, Duration.ofNanos(System.nanoTime() - startNanos)));
    out.flush();
    shutdown.await();
    return 0;
  }

  private String banner(StackAddresses addresses, TopicLayout layout, Duration took) {
    String connect =
        "--kafka "
            + addresses.kafkaBootstrap()
            + " --registry "
            + addresses.registryUrl()
            + " --redis "
            + addresses.redisUri()
            + nonDefault("--topic-prefix", prefix.topicPrefix, TopicLayout.DEFAULT_PREFIX)
            + nonDefault("--share-group", group.shareGroup, StackConfig.DEFAULT_SHARE_GROUP_ID);
    String fleet =
        nonDefault(
                "--application-id", application.applicationId, TopicLayout.DEFAULT_APPLICATION_ID)
            + nonDefault(
                "--partitions",
                String.valueOf(partitions),
                String.valueOf(TopicLayout.DEFAULT_PARTITIONS))
            + nonDefault(
                MaxRecordBytesOption.FLAG,
                String.valueOf(record.maxRecordBytes),
                String.valueOf(TopologyOptions.DEFAULT_MAX_RECORD_BYTES));
    return String.format(
        """

        Baton stack is up (%.1f s). Ctrl-C stops it.

          Kafka bootstrap   %s
          Schema Registry   %s
          Redis             %s
          Topics            %s* (%d partitions), history: %s
          Share group       %s

        Join it, each in its own terminal (each coordinator needs its own HTTP port and state dir):

          ./baton coordinator %s%s --http-port 8080 --state-dir "$(mktemp -d)"
          ./baton coordinator %s%s --http-port 8090 --state-dir "$(mktemp -d)"
          ./baton worker %s --worker-id worker-1
          ./baton worker %s --worker-id worker-2

        Then: ./baton replay SESSION_ID --kafka %s --registry %s%s
              ./baton tail --kafka %s --registry %s%s

        """,
        took.toMillis() / 1000.0,
        addresses.kafkaBootstrap(),
        addresses.registryUrl(),
        addresses.redisUri(),
        layout.prefix(),
        layout.partitions(),
        layout.history(),
        group.shareGroup,
        connect,
        fleet,
        connect,
        fleet,
        connect,
        connect,
        addresses.kafkaBootstrap(),
        addresses.registryUrl(),
        nonDefault(
            "--application-id", application.applicationId, TopicLayout.DEFAULT_APPLICATION_ID),
        addresses.kafkaBootstrap(),
        addresses.registryUrl(),
        nonDefault("--topic-prefix", prefix.topicPrefix, TopicLayout.DEFAULT_PREFIX));
  }

  private static String nonDefault(String option, String value, String defaultValue) {
    return value.equals(defaultValue) ? "" : " " + option + " " + value;
  }
}
