package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.cli.example.EchoWorker;
import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.EmbeddedStack;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.StackConfig;
import dev.baton.cli.stack.StackException;
import dev.baton.cli.stack.TempDirs;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.TenantIds;
import dev.baton.schemas.Topics;
import dev.baton.worker.Worker;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton dev}: the embedded stack and one coordinator in this process, until Ctrl-C.
 *
 * <p>Each part of the stack can be replaced by an existing one with {@code --kafka}, {@code
 * --registry} or {@code --redis}; an existing Kafka may take client configs (TLS, SASL), which the
 * embedded broker refuses, and an existing registry credentials.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Start a real Kafka broker (KRaft), Schema Registry (Apicurio) and Redis on 127.0.0.1,"
          + " create Baton's topics, and run a coordinator with its HTTP API and example workers."
          + " Ctrl-C stops everything. Give --kafka, --registry or --redis to use an existing"
          + " one instead of starting it."
    })
final class DevCommand implements Callable<Integer> {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final String HTTP_API = "coordinator HTTP API";

  @Mixin ExternalAddresses external;
  @Mixin CoordinatorOptions options;

  @Option(
      names = "--workers",
      defaultValue = "1",
      converter = SettingTypes.NonNegativeInt.class,
      description = "Example echo workers to run in this process, 0 for none.")
  int workers;

  @Override
  public Integer call() throws InterruptedException {
    long startNanos = System.nanoTime();
    // Built before the stack starts, so that a setting its options refuse stops the command first.
    CoordinatorConfig.Builder coordinator = options.configBuilder();
    StackConfig stackConfig = stackConfig();
    UntilShutdown shutdown = new UntilShutdown();
    EmbeddedStack stack = shutdown.closeAtShutdown(new EmbeddedStack(stackConfig).closedByCaller());
    StackAddresses addresses = stack.start();
    KafkaConnection kafka = stackConfig.kafka(addresses.kafkaBootstrap());
    SchemaRegistryOptions registry = stackConfig.registry(addresses.registryUrl());
    // The embedded broker starts empty every time, so the coordinator's local state does too.
    Path stateDir = TempDirs.create("streams");
    shutdown.closeAtShutdown(() -> TempDirs.delete(stateDir));
    CoordinatorConfig config =
        coordinator
            .stateDir(stateDir)
            .kafka(kafka)
            .registry(registry)
            .redisUri(addresses.redisUri())
            .build();
    OpenTelemetry tracing = ProcessTracing.start("baton-dev", shutdown);
    Coordinator running = shutdown.closeAtShutdown(Coordinator.start(config, tracing));
    List<Worker> echoWorkers = new ArrayList<>();
    // The workers stop together, each within its grace and close timeout, not one after another.
    shutdown.closeAtShutdown(
        () -> {
          echoWorkers.forEach(Worker::shutdown);
          for (Worker worker : echoWorkers) {
            worker.close();
          }
        });
    for (int i = 1; i <= workers; i++) {
      Worker worker =
          EchoWorker.builder(
                  addresses,
                  config.topics(),
                  stack.config().shareGroupId(),
                  "echo-" + i,
                  NotesTools.DEFAULT_DELAY)
              .kafka(kafka)
              .schemaRegistry(registry)
              .openTelemetry(tracing)
              .build();
      echoWorkers.add(worker);
      worker.start();
    }
    if (!running.awaitRunning(READY_TIMEOUT)) {
      throw StackException.notReady(
          "coordinator", READY_TIMEOUT, "Kafka Streams is " + running.state());
    }
    String apiToken = apiToken(config);
    if (!running.awaitToken(apiToken, READY_TIMEOUT)) {
      throw StackException.notReady(
          "coordinator", READY_TIMEOUT, "it has not read the API token it is to print");
    }
    printAddresses(
        System.out,
        addresses.redacted(),
        config,
        running.httpPort(),
        stack.config().shareGroupId(),
        apiToken,
        startNanos);
    shutdown.await();
    return 0;
  }

  /** A token with every scope for the default tenant, or a note that none is needed. */
  private static String apiToken(CoordinatorConfig config) {
    if (config.auth() == AuthMode.OFF) {
      return "none needed: --auth=off, every request is the default tenant's";
    }
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(config.registry());
        TokenAdmin admin =
            TokenAdmin.connect(config.kafka(), Topics.create(config.topics(), registry).tokens())) {
      return admin.create(TenantIds.DEFAULT, EnumSet.allOf(Scope.class), "baton dev").token();
    }
  }

  /**
   * The stack with the external parts given; Kafka client configs without an external Kafka stop
   * the command, since the embedded broker is plaintext.
   */
  StackConfig stackConfig() {
    StackConfig.Builder builder =
        StackConfig.builder()
            .topicLayout(options.topicLayout())
            .maxRecordBytes(options.record.maxRecordBytes);
    if (listensOnLoopback(options.httpHost)) {
      builder.reservedPort(HTTP_API, options.httpPort);
    }
    if (external.kafkaBootstrap != null) {
      KafkaConnection kafka = external.requiredKafka();
      builder.kafkaBootstrap(kafka.bootstrapServers()).kafkaProperties(kafka.properties());
    } else if (external.kafkaClient.given()) {
      throw Settings.conflict(
          external.command,
          external.kafkaClient.file != null
              ? KafkaClientOptions.FILE_FLAG
              : KafkaClientOptions.PROPERTY_FLAG,
          ExternalAddresses.KAFKA_FLAG,
          "Kafka client configs need an external Kafka; the embedded broker is plaintext");
    }
    if (external.registryUrl != null) {
      SchemaRegistryOptions registry = external.requiredRegistry();
      builder.registryUrl(registry.baseUrl().toString()).registryAuth(registry.auth());
    }
    if (external.redisUri != null) {
      builder.redisUri(external.redisUri);
    }
    return builder.build();
  }

  /**
   * Whether an HTTP API bound to {@code host} takes its port on the loopback address too, where the
   * stack's parts pick theirs.
   */
  private static boolean listensOnLoopback(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isAnyLocalAddress() || address.isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void printAddresses(
      PrintStream out,
      StackAddresses addresses,
      CoordinatorConfig config,
      int httpPort,
      String shareGroup,
      String apiToken,
      long startNanos) {
    String api = "http://" + config.httpHost() + ":" + httpPort;
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    out.printf(
        """

        Baton dev is up (%.1f s). Ctrl-C stops everything.

          Kafka bootstrap   %s
          Schema Registry   %s
          Redis             %s
          HTTP API          %s
          API token         %s
          Metrics           %s/metrics
          Timeline          %s/ui/?session=ID
          Topics            %s* (%d partitions), history: %s
          Workers           %d echo worker(s), share group %s

          curl %s/health

        """,
        took.toMillis() / 1000.0,
        addresses.kafkaBootstrap(),
        addresses.registryUrl(),
        addresses.redisUri(),
        api,
        apiToken,
        api,
        api,
        config.topics().prefix(),
        config.topics().partitions(),
        config.topics().history(),
        workers,
        shareGroup,
        api);
    out.flush();
  }
}
