package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.cli.gateway.WorkerGateway;
import dev.baton.coordinator.auth.TokenDirectory;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.worker.OperationClass;
import dev.baton.worker.Worker;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code baton gateway}: the worker gateway, through which workers in any language join. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker gateway against an existing Kafka, Schema Registry and Redis: a worker of",
      "the fleet that hands each agent step and tool call to a remote worker over HTTP",
      "(docs/worker-protocol.md), while it renews leases, holds turn locks and hears cancels."
    })
final class GatewayCommand implements Callable<Integer> {

  private static final String MAX_POLL_WAIT_FLAG = "--max-poll-wait-ms";

  @Spec CommandSpec spec;
  @Mixin ExternalAddresses addresses;
  @Mixin TopicPrefixOption prefix;
  @Mixin ShareGroupOption group;
  @Mixin DeltaLingerOption linger;
  @Mixin MetricsOptions metrics;
  @Mixin HttpServerOptions server;
  @Mixin PollerOptions pollers;

  @Option(
      names = MAX_POLL_WAIT_FLAG,
      converter = SettingTypes.PositiveLong.class,
      description =
          "The longest a remote worker's poll for work is held open; shorter than"
              + " --http-idle-timeout-ms.")
  long maxPollWaitMs = GatewayOptions.DEFAULT_MAX_POLL_WAIT.toMillis();

  @Option(
      names = "--gateway-host",
      defaultValue = GatewayOptions.DEFAULT_HOST,
      converter = SettingTypes.Text.class,
      description = "Interface the gateway's HTTP API listens on.")
  String host;

  @Option(
      names = "--gateway-port",
      defaultValue = "" + GatewayOptions.DEFAULT_PORT,
      converter = SettingTypes.Port.class,
      description = "Port of the gateway's HTTP API (0 picks a free one).")
  int port;

  @Option(
      names = {"--gateway-tools", "--gateway-tool"},
      split = ",",
      paramLabel = "TOOL=READ|WRITE",
      description =
          "A tool remote workers run, with its operation class; repeatable or comma-separated.")
  @SettingDefault("none: remote workers run agent steps only")
  Map<String, OperationClass> tools;

  @Option(
      names = {"--gateway-approval-tools", "--gateway-approval-tool"},
      split = ",",
      paramLabel = "TOOL",
      description =
          "A tool of --gateway-tools whose calls wait for a person's approval before they run;"
              + " repeatable or comma-separated.")
  @SettingDefault("none")
  List<String> approvalTools;

  @Option(
      names = "--heartbeat-timeout-ms",
      converter = SettingTypes.HeartbeatTimeoutMs.class,
      description =
          "How long a claimed delivery lives without a heartbeat before its work goes back to the"
              + " fleet.")
  long heartbeatTimeoutMs = GatewayOptions.DEFAULT_HEARTBEAT_TIMEOUT.toMillis();

  @Option(
      names = "--claim-timeout-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a delivery waits for a remote worker to claim it before it goes back to the"
              + " fleet.")
  long claimTimeoutMs = GatewayOptions.DEFAULT_CLAIM_TIMEOUT.toMillis();

  @Option(
      names = "--worker-token",
      converter = SettingTypes.Secret.class,
      description = "Bearer token remote workers must send (Authorization: Bearer <token>).")
  @SettingDefault("none: every request is accepted")
  String token;

  @Option(
      names = "--worker-tokens",
      defaultValue = "false",
      converter = SettingTypes.Bool.class,
      description =
          "Accept the API tokens of the tokens topic that have the worker scope (baton token create"
              + " --scopes worker), instead of one --worker-token.")
  boolean workerTokens;

  @Option(
      names = "--worker-id",
      converter = SettingTypes.Text.class,
      description = "The gateway's worker id in results and events.")
  @SettingDefault("gateway-<pid>")
  String workerId;

  @Option(
      names = "--max-in-flight",
      defaultValue = "" + WorkerOptions.DEFAULT_MAX_IN_FLIGHT,
      converter = SettingTypes.MaxInFlight.class,
      description = "Steps and calls the gateway holds for remote workers at once.")
  int maxInFlight;

  @Override
  public Integer call() throws InterruptedException {
    UntilShutdown shutdown = new UntilShutdown();
    GatewayOptions options = options(shutdown);
    Worker.Builder sdk =
        Worker.builder()
            .kafka(addresses.requiredKafka())
            .schemaRegistry(addresses.requiredRegistry())
            .redis(addresses.requiredRedis())
            .topicPrefix(prefix.topicPrefix)
            .shareGroup(group.shareGroup)
            .workerId(workerId != null ? workerId : "gateway-" + ProcessHandle.current().pid())
            .maxInFlight(maxInFlight)
            .deltaLinger(linger.deltaLinger());
    pollers.applyTo(sdk, maxInFlight);
    metrics.serve(sdk, shutdown);
    sdk.openTelemetry(ProcessTracing.start("baton-gateway", shutdown));
    shutdown.closeAtShutdown(WorkerGateway.start(sdk, options));
    shutdown.await();
    return 0;
  }

  /** The tokens topic's grants, read as every coordinator reads them. */
  private TokenDirectory tokenDirectory(UntilShutdown shutdown) {
    SchemaRegistryClient registry =
        shutdown.closeAtShutdown(SchemaRegistryClient.create(addresses.requiredRegistry()));
    TopicLayout layout =
        TopicLayout.of(
            prefix.topicPrefix, TopicLayout.DEFAULT_APPLICATION_ID, TopicLayout.DEFAULT_PARTITIONS);
    return TokenDirectory.start(
        addresses.requiredKafka(), Topics.create(layout, registry).tokens());
  }

  private GatewayOptions options(UntilShutdown shutdown) {
    GatewayOptions.Builder builder =
        GatewayOptions.builder()
            .host(host)
            .port(port)
            .heartbeatTimeout(Duration.ofMillis(heartbeatTimeoutMs))
            .claimTimeout(Duration.ofMillis(claimTimeoutMs))
            .maxPollWait(Duration.ofMillis(maxPollWaitMs))
            .server(
                server.bounds(
                    spec, MAX_POLL_WAIT_FLAG, maxPollWaitMs, GatewayOptions::idleTimeoutRule))
            .token(token);
    if (tools != null) {
      tools.forEach(builder::tool);
    }
    if (approvalTools != null) {
      builder.approvalTools(approvalTools);
    }
    if (workerTokens) {
      if (token != null) {
        throw new ParameterException(
            spec.commandLine(), "--worker-token and --worker-tokens exclude each other");
      }
      builder.workerTokens(shutdown.closeAtShutdown(tokenDirectory(shutdown)));
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
