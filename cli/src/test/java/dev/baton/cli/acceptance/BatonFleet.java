package dev.baton.cli.acceptance;

import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TenantIds;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.worker.Worker;
import io.opentelemetry.api.OpenTelemetry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Real coordinator instances and echo workers on the shared stack, for one test's topics,
 * application id and share group. Coordinators share the application id, so they split the
 * partitions between them; each has its own state directory and HTTP port.
 *
 * <pre>{@code
 * try (BatonFleet fleet = BatonFleet.builder(stack, ids, stateDir).coordinators(2).start()) {
 *   BatonApi api = fleet.api(0);
 * }
 * }</pre>
 */
public final class BatonFleet implements AutoCloseable {

  /** How long coordinators may take to run and to agree on who owns what. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final StackAddresses stack;
  private final TestIds ids;
  private final TopicLayout layout;
  private final Builder options;
  private final List<Coordinator> coordinators = new ArrayList<>();
  private final List<Boolean> stopped = new ArrayList<>();
  private final List<Worker> workers = new ArrayList<>();
  private String operatorToken;
  private SchemaRegistryClient registry;

  private BatonFleet(Builder options) {
    this.options = options;
    this.stack = options.stack;
    this.ids = options.ids;
    this.layout = ids.layout(options.partitions);
  }

  /**
   * Coordinator options whose lease is {@code lease}, checked every 200 ms, so that a test sees the
   * work of a lost worker assigned again within seconds.
   */
  public static TopologyOptions withLease(Duration lease) {
    return TopologyOptions.builder()
        .limits(dev.baton.coordinator.session.SessionLimits.builder().lease(lease).build())
        .timerInterval(Duration.ofMillis(200))
        .build();
  }

  /** A builder of a fleet on {@code stack} with {@code ids}' names and state under {@code dir}. */
  public static Builder builder(StackAddresses stack, TestIds ids, Path dir) {
    return new Builder(stack, ids, dir);
  }

  /** The topics and application id of this fleet. */
  public TopicLayout layout() {
    return layout;
  }

  /** The test ids this fleet's names come from. */
  public TestIds ids() {
    return ids;
  }

  /** Coordinator {@code index}, from 0. */
  public Coordinator coordinator(int index) {
    return coordinators.get(index);
  }

  /** The stack this fleet runs on. */
  public StackAddresses stack() {
    return stack;
  }

  /**
   * Starts a worker on this fleet's topics and share group, configured further by {@code customize}
   * (an agent, tools, Redis), and shuts it down with the fleet. Without an agent of its own it runs
   * the {@link EchoAgent}.
   *
   * <pre>{@code
   * fleet.startWorker("tools-1", b -> b.agent(agent).redis(stack.redisUri()).tool(...));
   * }</pre>
   */
  public synchronized Worker startWorker(String workerId, UnaryOperator<Worker.Builder> customize) {
    Worker worker = customize.apply(workerBuilder(workerId)).build();
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** A client of coordinator {@code index}'s HTTP API. */
  public BatonApi api(int index) {
    return new BatonApi(coordinators.get(index).httpPort()).withToken(operatorToken);
  }

  /** The fleet's {@code fleet:admin} token with {@link AuthMode#TOKENS}, else null. */
  public String operatorToken() {
    return operatorToken;
  }

  /**
   * An admin of the fleet's tokens topic; the caller closes it. With {@link AuthMode#TOKENS}, the
   * fleet itself holds a {@code fleet:admin} token, which {@link #api} sends.
   */
  public synchronized TokenAdmin tokenAdmin() {
    if (registry == null) {
      registry = SchemaRegistryClient.create(stack.registryUrl());
    }
    return TokenAdmin.connect(stack.kafkaBootstrap(), Topics.create(layout, registry).tokens());
  }

  /** The address coordinator {@code index} advertises to the others, {@code host:port}. */
  public String address(int index) {
    return CoordinatorConfig.DEFAULT_HTTP_HOST + ":" + coordinators.get(index).httpPort();
  }

  /** Closes coordinator {@code index}; the others take over its partitions. */
  public void stopCoordinator(int index) {
    if (!stopped.get(index)) {
      stopped.set(index, true);
      coordinators.get(index).close();
    }
  }

  /**
   * Waits until every running coordinator answers a session request itself or by forwarding: the
   * owners of all probe sessions are known and reachable (a 404 for a session never used, not a
   * 503).
   */
  public void awaitOwnersKnown() {
    List<BatonApi> running =
        IntStream.range(0, coordinators.size())
            .filter(i -> !stopped.get(i))
            .mapToObj(this::api)
            .toList();
    awaitOwnersKnown(running, ids, layout.partitions());
  }

  /**
   * Waits until at least {@code consumers} share consumers of worker {@code workerId} have
   * partitions of the fleet's share group. A share consumer fetches only once the group has
   * assigned it partitions, which can take a heartbeat or two after the worker starts; until then
   * its worker runs fewer steps and calls at once than it has consumers.
   */
  public void awaitShareConsumersAssigned(String workerId, int consumers) {
    String group = ids.shareGroupId();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      await()
          .atMost(START_TIMEOUT)
          .ignoreExceptions()
          .until(
              () ->
                  admin
                          .describeShareGroups(List.of(group))
                          .describedGroups()
                          .get(group)
                          .get()
                          .members()
                          .stream()
                          .filter(member -> member.clientId().contains(workerId))
                          .filter(member -> !member.assignment().topicPartitions().isEmpty())
                          .count()
                      >= consumers);
    }
  }

  /**
   * Waits until every one of {@code apis} answers for probe sessions spread over {@code partitions}
   * partitions (a 404 for a session never used, not a 503), for coordinators started otherwise.
   */
  public static void awaitOwnersKnown(List<BatonApi> apis, TestIds ids, int partitions) {
    List<String> probes =
        IntStream.range(0, partitions * 4).mapToObj(i -> "probe-" + ids.id() + "-" + i).toList();
    for (BatonApi api : apis) {
      // A connection that fails or times out on a busy machine means "not yet", like a 503.
      await()
          .atMost(START_TIMEOUT)
          .ignoreExceptionsInstanceOf(UncheckedIOException.class)
          .until(() -> probes.stream().allMatch(p -> api.session(p).status() == 404));
    }
  }

  /**
   * A session never used yet that the instance at {@code owner} owns, found by asking {@code api}
   * (which answers 404 for it, forwarded to its owner or not).
   */
  public static String unusedSessionOwnedBy(BatonApi api, String owner, TestIds ids) {
    while (true) {
      String session = ids.sessionId();
      BatonApi.Reply reply =
          await()
              .atMost(START_TIMEOUT)
              .pollDelay(Duration.ZERO)
              .ignoreExceptionsInstanceOf(UncheckedIOException.class)
              .until(() -> api.session(session), r -> r.status() == 404);
      if (owner.equals(reply.forwardedTo())) {
        return session;
      }
    }
  }

  /** Whether {@code api}'s instance answers for {@code session} itself: 200, not forwarded. */
  public static boolean servesItself(BatonApi api, String session) {
    try {
      BatonApi.Reply reply = api.session(session);
      return reply.status() == 200 && reply.forwardedTo() == null;
    } catch (UncheckedIOException e) {
      return false; // a connection that timed out on a busy machine
    }
  }

  private BatonFleet start() {
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(ids.shareGroupId());
    }
    try {
      for (int i = 0; i < options.coordinators; i++) {
        coordinators.add(Coordinator.start(config(i), options.openTelemetry));
        stopped.add(false);
      }
      for (Coordinator coordinator : coordinators) {
        await()
            .atMost(START_TIMEOUT)
            .until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
      }
      if (options.auth == AuthMode.TOKENS) {
        try (TokenAdmin admin = tokenAdmin()) {
          operatorToken =
              admin.create(TenantIds.DEFAULT, Set.of(Scope.FLEET_ADMIN), "test fleet").token();
        }
      }
      for (int i = 0; i < options.workers; i++) {
        Worker worker = echoWorker("echo-" + i);
        workers.add(worker);
        worker.start();
      }
      awaitOwnersKnown();
      return this;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private CoordinatorConfig config(int index) {
    return CoordinatorConfig.builder()
        .kafkaBootstrap(stack.kafkaBootstrap())
        .registryUrl(stack.registryUrl())
        .redisUri(stack.redisUri())
        .topics(layout)
        .httpPort(0)
        .processingMode(options.processingMode)
        .commitInterval(options.commitInterval)
        .auth(options.auth)
        .topology(options.topology)
        .http(options.http)
        .tenants(options.tenants)
        .stateDir(options.dir.resolve("coordinator-" + index))
        .build();
  }

  private Worker echoWorker(String workerId) {
    return workerBuilder(workerId).build();
  }

  /**
   * A builder of a worker on this fleet's topics and share group, with the {@link EchoAgent}, not
   * started and not shut down with the fleet: for a worker the caller runs itself, such as a
   * gateway's.
   */
  public Worker.Builder workerBuilder(String workerId) {
    Worker.Builder builder =
        Worker.builder()
            .kafka(stack.kafkaBootstrap())
            .schemaRegistry(stack.registryUrl())
            .topicPrefix(layout.prefix())
            .shareGroup(ids.shareGroupId())
            .workerId(workerId)
            .maxInFlight(options.maxInFlight)
            .pollTimeout(Duration.ofMillis(200))
            .openTelemetry(options.openTelemetry)
            .agent(new EchoAgent());
    if (options.pollers > 0) {
      builder.pollers(options.pollers);
    }
    if (options.deltaLinger != null) {
      builder.deltaLinger(options.deltaLinger);
    }
    return builder;
  }

  /** Shuts the workers down now, then closes the coordinators that still run. */
  @Override
  public synchronized void close() {
    for (Worker worker : workers) {
      worker.shutdownNow();
    }
    for (Worker worker : workers) {
      try {
        worker.awaitTermination(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (int i = 0; i < coordinators.size(); i++) {
      stopCoordinator(i);
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Builds and starts a {@link BatonFleet}. */
  public static final class Builder {
    private final StackAddresses stack;
    private final TestIds ids;
    private final Path dir;
    private int partitions = 6;
    private int coordinators = 1;
    private int workers = 1;
    private int maxInFlight = 16;
    private int pollers = 0;
    private Duration deltaLinger;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private ProcessingMode processingMode = ProcessingMode.EXACTLY_ONCE;
    private Duration commitInterval = CoordinatorConfig.DEFAULT_COMMIT_INTERVAL;
    private AuthMode auth = AuthMode.OFF;
    private TopologyOptions topology = TopologyOptions.defaults();
    private HttpOptions http = HttpOptions.defaults();
    private TenantLimits tenants = TenantLimits.defaults();

    private Builder(StackAddresses stack, TestIds ids, Path dir) {
      this.stack = Objects.requireNonNull(stack, "stack");
      this.ids = Objects.requireNonNull(ids, "ids");
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** Partitions of every topic; 6 by default. */
    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /** Coordinator instances of the one application id; 1 by default. */
    public Builder coordinators(int coordinators) {
      this.coordinators = coordinators;
      return this;
    }

    /** Echo workers in the share group; 1 by default. */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** Each worker's {@code maxInFlight}; 16 by default. */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** Each worker's share consumers; the SDK's default (one per in-flight step) if unset. */
    public Builder pollers(int pollers) {
      this.pollers = pollers;
      return this;
    }

    /** Each worker's delta linger; the SDK's default if unset. */
    public Builder deltaLinger(Duration deltaLinger) {
      this.deltaLinger = Objects.requireNonNull(deltaLinger, "deltaLinger");
      return this;
    }

    /** Where the coordinators' and the workers' spans go. */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** Whether the coordinators need API tokens; off by default, so requests need none. */
    public Builder auth(AuthMode auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** The coordinators' processing mode; exactly-once by default. */
    public Builder processingMode(ProcessingMode processingMode) {
      this.processingMode = Objects.requireNonNull(processingMode, "processingMode");
      return this;
    }

    /** The coordinators' {@code commit.interval.ms}; the coordinator's default if unset. */
    public Builder commitInterval(Duration commitInterval) {
      this.commitInterval = Objects.requireNonNull(commitInterval, "commitInterval");
      return this;
    }

    /** The coordinators' session limits and timers; the defaults if unset. */
    public Builder topology(TopologyOptions topology) {
      this.topology = Objects.requireNonNull(topology, "topology");
      return this;
    }

    /** The coordinators' HTTP timeouts and bounds; the defaults if unset. */
    public Builder http(HttpOptions http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** The coordinators' limits per tenant; none if unset. */
    public Builder tenants(TenantLimits tenants) {
      this.tenants = Objects.requireNonNull(tenants, "tenants");
      return this;
    }

    /**
     * Creates the topics and prepares the share group, starts the coordinators and waits until they
     * run, starts the workers, and waits until every session has a known owner.
     */
    public BatonFleet start() {
      return new BatonFleet(this).start();
    }
  }
}
