package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.session.ApprovalPolicy;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The settings of a coordinator instance, shared by {@code dev} and {@code coordinator}. */
final class CoordinatorOptions {

  private static final String STREAM_HEARTBEAT_FLAG = "--stream-heartbeat-ms";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--http-host",
      defaultValue = CoordinatorConfig.DEFAULT_HTTP_HOST,
      converter = SettingTypes.Text.class,
      description = "Address the HTTP API binds to.")
  String httpHost;

  @Option(
      names = "--http-port",
      defaultValue = "" + CoordinatorConfig.DEFAULT_HTTP_PORT,
      converter = SettingTypes.Port.class,
      description = "HTTP API port, 0 for any free port.")
  int httpPort;

  @Option(
      names = "--advertised-host",
      converter = SettingTypes.Text.class,
      description = "Host the other coordinators reach this one's HTTP API at.")
  @SettingDefault("the --http-host, or this machine's host name if that is 0.0.0.0")
  String advertisedHost;

  @Option(names = "--processing", description = "Kafka Streams processing guarantee.")
  ProcessingMode processing = CoordinatorConfig.DEFAULT_PROCESSING_MODE;

  @Option(
      names = "--commit-interval-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "Kafka Streams commit interval (and poll.ms, unless the idle commit is shorter) in ms;"
              + " under exactly-once it paces a busy stream thread's commits.")
  long commitIntervalMs = CoordinatorConfig.DEFAULT_COMMIT_INTERVAL.toMillis();

  @Option(
      names = "--idle-commit-ms",
      converter = SettingTypes.NonNegativeLong.class,
      description =
          "Commit as soon as a task's input has been quiet this long after it processed records,"
              + " rather than at the end of the commit interval; 0 (off) to commit only at the"
              + " interval.")
  @SettingDefault("1 under exactly-once, 0 (off) under at-least-once")
  Long idleCommitMs;

  @Option(
      names = "--stream-threads",
      defaultValue = "" + CoordinatorConfig.DEFAULT_STREAM_THREADS,
      converter = SettingTypes.PositiveInt.class,
      description =
          "Kafka Streams threads of this instance; each runs some of the partitions' tasks.")
  int streamThreads;

  @Option(
      names = "--standby-replicas",
      defaultValue = "" + CoordinatorConfig.DEFAULT_STANDBY_REPLICAS,
      converter = SettingTypes.NonNegativeInt.class,
      description =
          "How many other coordinators keep a warm copy of each partition's sessions, so that one"
              + " takes them over without restoring them when their owner dies; each copy reads"
              + " the state changelogs (Kafka Streams' num.standby.replicas).")
  int standbyReplicas;

  @Option(
      names = "--state-memory-mb",
      defaultValue = "" + (CoordinatorConfig.DEFAULT_STATE_MEMORY_BYTES >> 20),
      converter = SettingTypes.StateMemoryMb.class,
      description =
          "MiB of memory that all of this instance's state stores share in RocksDB (the block"
              + " cache, which also holds their write buffers), however many sessions and"
              + " partitions it holds.")
  int stateMemoryMb;

  @Option(
      names = "--producer-linger-ms",
      converter = SettingTypes.NonNegativeLong.class,
      description = "linger.ms of the coordinator's producers.")
  long producerLingerMs = CoordinatorConfig.DEFAULT_PRODUCER_LINGER.toMillis();

  @Option(
      names = {"--operation-classes", "--operation-class"},
      split = ",",
      paramLabel = "TOOL=READ|WRITE",
      description =
          "A tool's operation class, overriding the worker's declaration and the name prefix;"
              + " repeatable or comma-separated.")
  @SettingDefault(
      "the worker's declaration, then the read_/get_/list_/search_/fetch_ prefixes, then WRITE")
  Map<String, OperationClass> operationClasses;

  @Option(
      names = "--approval-tools",
      split = ",",
      paramLabel = "TOOL",
      description =
          "Tools whose calls wait for a person's approval (POST"
              + " /v1/sessions/{id}/turns/{turnId}/tool-calls/{callId}/approval) before they run,"
              + " besides those a worker declares; repeatable or comma-separated.")
  @SettingDefault("none: only the tools a worker declares")
  List<String> approvalTools;

  @Option(
      names = "--approval-timeout-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a tool call waits for its approval before --approval-on-timeout decides it."
              + " The turn's deadline still applies to a turn that waits.")
  long approvalTimeoutMs = ApprovalPolicy.DEFAULT_TIMEOUT.toMillis();

  @Option(
      names = "--approval-on-timeout",
      paramLabel = "DENY|FAIL_TURN",
      description =
          "What a tool call still waiting at its approval deadline comes to: DENY (its result says"
              + " it was not approved, and the turn goes on) or FAIL_TURN (the turn fails with"
              + " APPROVAL_EXPIRED).")
  ApprovalPolicy.ApprovalTimeout approvalOnTimeout = ApprovalPolicy.ApprovalTimeout.DENY;

  @Option(
      names = "--session-timeout-ms",
      converter = SettingTypes.SessionTimeoutMs.class,
      description =
          "How long the coordinators' group waits for a silent instance before its sessions move"
              + " to another (the Streams consumer's session.timeout.ms; the broker allows 6000"
              + " to 1800000 by default).")
  long sessionTimeoutMs = CoordinatorConfig.DEFAULT_SESSION_TIMEOUT.toMillis();

  @Option(
      names = "--evict-unreachable-ms",
      converter = SettingTypes.NonNegativeLong.class,
      description =
          "How long another coordinator's HTTP API must refuse the connections of requests"
              + " forwarded to it before this one evicts it: removes its stream threads from the"
              + " group and fences their transactions, so that its sessions move at once rather"
              + " than after the session timeout; 0 (off) to wait out the session timeout.")
  long evictUnreachableMs = CoordinatorConfig.DEFAULT_EVICT_UNREACHABLE_AFTER.toMillis();

  @Option(
      names = "--lease-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a turn's work out with the fleet may go without a result or a lease renewal"
              + " before it is presumed lost and assigned again (attempt + 1).")
  long leaseMs = SessionLimits.DEFAULT_LEASE.toMillis();

  @Option(
      names = "--turn-deadline-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a turn may run from its start before it fails with LIMIT_TURN_DEADLINE, unless"
              + " its submit asks for another time (deadlineMs).")
  long turnDeadlineMs = SessionLimits.DEFAULT_TURN_DEADLINE.toMillis();

  @Option(
      names = "--turn-id-window-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a session remembers a finished turn's id and input: a submit of the id within"
              + " it is answered with the turn's status (the same input) or refused with"
              + " TURN_ID_REUSED (another input).")
  long turnIdWindowMs = SessionLimits.DEFAULT_TURN_ID_WINDOW.toMillis();

  @Option(
      names = "--session-idle-ttl-ms",
      converter = SettingTypes.NonNegativeLong.class,
      description =
          "How long a session may stay idle before it expires (its state and history are"
              + " deleted); 0 for never.")
  long sessionIdleTtlMs =
      SessionLimits.defaults().idleTimeToLive().map(Duration::toMillis).orElse(0L);

  @Option(
      names = "--timer-interval-ms",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How often the coordinator reads how far its input is processed; a due deadline, lease"
              + " or idle session is checked at the next multiple of it, so at most this late.")
  long timerIntervalMs = TopologyOptions.DEFAULT_TIMER_INTERVAL.toMillis();

  @Option(
      names = STREAM_HEARTBEAT_FLAG,
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a turn stream (server-sent events) may go without an event before the server"
              + " writes a heartbeat comment, which keeps proxies from closing it and notices a"
              + " client that is gone.")
  long streamHeartbeatMs = HttpOptions.DEFAULT_STREAM_HEARTBEAT.toMillis();

  @Option(
      names = "--stream-buffer-events",
      converter = SettingTypes.PositiveInt.class,
      description =
          "How many events a turn stream buffers for a client that reads slower than they come;"
              + " a client that lets it fill is cut off and resumes from its last event id.")
  int streamBufferEvents = HttpOptions.DEFAULT_STREAM_BUFFER;

  @Option(
      names = "--application-id",
      defaultValue = TopicLayout.DEFAULT_APPLICATION_ID,
      converter = SettingTypes.Text.class,
      description = "Kafka Streams application id, shared by all coordinators of one fleet.")
  String applicationId;

  @Option(
      names = "--partitions",
      defaultValue = "" + TopicLayout.DEFAULT_PARTITIONS,
      converter = SettingTypes.PositiveInt.class,
      description = "Partitions of every topic.")
  int partitions;

  @Option(
      names = "--state-dir",
      converter = SettingTypes.FilePath.class,
      description = "Kafka Streams state directory; baton dev always uses a fresh one per run.")
  @SettingDefault(
      "baton-streams-<http port> (port 0: baton-streams-pid<process id>) under the system temp"
          + " directory")
  Path stateDir;

  @Option(
      names = "--metrics",
      defaultValue = "true",
      converter = SettingTypes.Bool.class,
      description =
          "Keep meters (decisions, HTTP requests, Kafka Streams, the JVM) and serve them at"
              + " GET /metrics.")
  boolean metrics;

  @Option(
      names = "--auth",
      description =
          "tokens: the session endpoints need an API token (baton token create), which confines"
              + " each request to its tenant and scopes; off: anyone who reaches the port is the"
              + " default tenant with every scope.")
  AuthMode auth = CoordinatorConfig.DEFAULT_AUTH;

  @Mixin TopicPrefixOption prefix;
  @Mixin MaxRecordBytesOption record;
  @Mixin PayloadLimitOptions payloads;
  @Mixin HttpServerOptions server;

  @Option(
      names = "--http-max-wait-ms",
      converter = SettingTypes.PositiveLong.class,
      description = "The longest ?wait a request is given; a longer one is cut to it.")
  long maxWaitMs = HttpOptions.DEFAULT_MAX_WAIT.toMillis();

  @Mixin TenantLimitOptions tenants;

  TopicLayout topicLayout() {
    return TopicLayout.of(prefix.topicPrefix, applicationId, partitions);
  }

  /**
   * A builder with these settings and the options they fill, which check them; the caller adds the
   * addresses and builds. The settings' converters allow only what {@link CoordinatorConfig} does,
   * so a bad value has stopped the command while its arguments were parsed, before anything
   * started; what the options' builders check further ({@code --operation-classes}, payload limits
   * that do not fit in {@code --max-record-bytes}, an idle timeout not longer than the stream
   * heartbeat, {@code --tenant-limits}) fails here.
   */
  CoordinatorConfig.Builder configBuilder() {
    CoordinatorConfig.Builder builder = CoordinatorConfig.builder();
    if (stateDir != null) {
      builder.stateDir(stateDir);
    }
    if (advertisedHost != null) {
      builder.advertisedHost(advertisedHost);
    }
    TopologyOptions.Builder topology =
        TopologyOptions.builder()
            .maxRecordBytes(record.maxRecordBytes)
            .limits(
                payloads
                    .applyTo(command, SessionLimits.builder(), record.maxRecordBytes)
                    .lease(Duration.ofMillis(leaseMs))
                    .turnDeadline(Duration.ofMillis(turnDeadlineMs))
                    .turnIdWindow(Duration.ofMillis(turnIdWindowMs))
                    .idleTimeToLive(
                        sessionIdleTtlMs == 0
                            ? Optional.empty()
                            : Optional.of(Duration.ofMillis(sessionIdleTtlMs)))
                    .build())
            .timerInterval(Duration.ofMillis(timerIntervalMs));
    if (idleCommitMs != null) {
      topology.idleCommit(Duration.ofMillis(idleCommitMs));
    }
    topology.approvals(
        Settings.checked(
            command,
            "--approval-tools",
            () ->
                new ApprovalPolicy(
                    approvalTools == null ? Set.of() : Set.copyOf(approvalTools),
                    Duration.ofMillis(approvalTimeoutMs),
                    approvalOnTimeout)));
    if (operationClasses != null) {
      builder.topology(
          Settings.checked(
              command,
              "--operation-classes",
              () -> topology.operationClasses(operationClasses).build()));
    } else {
      builder.topology(topology.build());
    }
    return builder
        .http(
            HttpOptions.builder()
                .streamHeartbeat(Duration.ofMillis(streamHeartbeatMs))
                .streamBuffer(streamBufferEvents)
                .bounds(
                    server.bounds(
                        command,
                        STREAM_HEARTBEAT_FLAG,
                        streamHeartbeatMs,
                        HttpOptions::idleTimeoutRule))
                .maxWait(Duration.ofMillis(maxWaitMs))
                .build())
        .tenants(tenants.limits(command))
        .topics(topicLayout())
        .httpHost(httpHost)
        .httpPort(httpPort)
        .processingMode(processing)
        .commitInterval(Duration.ofMillis(commitIntervalMs))
        .streamThreads(streamThreads)
        .standbyReplicas(standbyReplicas)
        .stateMemoryBytes((long) stateMemoryMb << 20)
        .sessionTimeout(Duration.ofMillis(sessionTimeoutMs))
        .evictUnreachableAfter(Duration.ofMillis(evictUnreachableMs))
        .producerLinger(Duration.ofMillis(producerLingerMs))
        .metrics(metrics)
        .auth(auth);
  }
}
