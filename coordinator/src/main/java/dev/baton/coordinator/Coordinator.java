package dev.baton.coordinator;

import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.TokenDirectory;
import dev.baton.coordinator.http.ApiAccess;
import dev.baton.coordinator.http.DependencyChecks;
import dev.baton.coordinator.http.HealthCheck;
import dev.baton.coordinator.http.HealthChecks;
import dev.baton.coordinator.http.HttpApi;
import dev.baton.coordinator.http.KafkaSessionService;
import dev.baton.coordinator.http.SessionOwner;
import dev.baton.coordinator.http.StreamsHealth;
import dev.baton.coordinator.http.TurnWaiters;
import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.OwnedSessions;
import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.stream.TurnStreams;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import dev.baton.coordinator.telemetry.Telemetry;
import dev.baton.coordinator.topology.CoordinatorTopology;
import dev.baton.coordinator.topology.DeadPeers;
import dev.baton.coordinator.topology.LocalState;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.StreamsSettings;
import dev.baton.schemas.SchemaBootstrap;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.Topic;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.ApiToken;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator instance: the Kafka Streams application and the HTTP API in front of it.
 *
 * <p>{@code try (Coordinator coordinator = Coordinator.start(config)) { coordinator.httpPort(); }}
 */
public final class Coordinator implements AutoCloseable {

  /** How often {@link #awaitToken} looks whether the tokens directory has read a token. */
  private static final Duration TOKEN_POLL = Duration.ofMillis(10);

  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

  /**
   * How long {@link #close()} waits for Kafka Streams: its threads commit or abort their open
   * transactions and leave the group. A thread that cannot finish (stuck on an unreachable
   * dependency) is abandoned after this, so a stop stays prompt; its transaction is aborted by the
   * broker and its tasks are processed again elsewhere from the last commit.
   */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaStreams streams;
  private final LocalState localState;
  private final HttpApi http;
  private final KafkaSessionService sessions;
  private final DependencyChecks dependencies;
  private final SchemaRegistryClient registry;
  private final CountDownLatch running;
  private final InputProgressReader progress;
  private final TurnStreams turnStreams;
  private final Optional<CoordinatorMeters> meters;
  private final Optional<TokenDirectory> tokens;
  private final TenantLimiter tenants;

  private Coordinator(
      KafkaStreams streams,
      LocalState localState,
      TurnStreams turnStreams,
      InputProgressReader progress,
      HttpApi http,
      KafkaSessionService sessions,
      DependencyChecks dependencies,
      SchemaRegistryClient registry,
      CountDownLatch running,
      Optional<CoordinatorMeters> meters,
      Optional<TokenDirectory> tokens,
      TenantLimiter tenants) {
    this.running = running;
    this.tokens = tokens;
    this.tenants = tenants;
    this.meters = meters;
    this.streams = streams;
    this.localState = localState;
    this.turnStreams = turnStreams;
    this.progress = progress;
    this.http = http;
    this.sessions = sessions;
    this.dependencies = dependencies;
    this.registry = registry;
  }

  /**
   * Starts the HTTP API, registers the schemas of every topic (with BACKWARD compatibility), then
   * starts the Kafka Streams application. {@code GET /health/ready} (and {@code GET /health})
   * answers 200 once Kafka and the registry answer and Kafka Streams is running, Redis being only
   * reported ({@code DEGRADED} when it does not answer), and its stream threads do not keep failing
   * ({@link StreamsHealth}); {@code GET /health/live} answers 200 while Kafka Streams has not
   * failed for good. The session endpoints answer 503 until this instance knows who owns a session.
   * The processor tells the API's {@link TurnWaiters} its decisions, so a request waiting for a
   * turn is completed by the instance that owns the session.
   */
  public static Coordinator start(CoordinatorConfig config) {
    return start(config, OpenTelemetry.noop());
  }

  /**
   * Starts a coordinator as {@link #start(CoordinatorConfig)} does, whose spans (a server span per
   * API request, continuing the client's {@code traceparent}) go to {@code openTelemetry}; the
   * trace context then travels in the headers of every record of the turn to its workers.
   */
  public static Coordinator start(CoordinatorConfig config, OpenTelemetry openTelemetry) {
    DependencyChecks dependencies =
        new DependencyChecks(config.kafka(), config.registry(), config.redisUri());
    AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
    StreamsHealth streamsHealth =
        new StreamsHealth(() -> streamsRef.get() == null ? null : streamsRef.get().state());
    SchemaRegistryClient registry = SchemaRegistryClient.create(config.registry());
    Optional<TokenDirectory> tokens = tokenDirectory(config, registry);
    Map<String, HealthCheck> readiness = new LinkedHashMap<>(dependencies.checks());
    readiness.put("coordinator", streamsHealth::readiness);
    readiness.put("auth", () -> authStatus(tokens));
    HealthChecks checks =
        HealthChecks.of(readiness, Map.of("coordinator", streamsHealth::liveness));
    TurnWaiters waiters = new TurnWaiters();
    Optional<CoordinatorMeters> meters =
        config.metrics() ? Optional.of(CoordinatorMeters.create()) : Optional.empty();
    KafkaSessionService sessions =
        KafkaSessionService.create(
            config.kafka(),
            config.topics().commands(),
            registry,
            config.topology().maxRecordBytes());
    TurnStreams turnStreams =
        TurnStreams.start(
            config.kafka(),
            config.topics().sessionEvents(),
            config.topics().turnStream(),
            registry);
    TenantLimiter tenants =
        TenantLimiter.start(
            config.tenants(),
            config.redisUri(),
            config.topics().applicationId(),
            meters.map(CoordinatorMeters::tenantLimits).orElse(LimitListener.NONE),
            owned(sessions));
    // The HTTP API starts first so that Kafka Streams can advertise its real port
    // (application.server) to the other instances for interactive queries.
    HttpApi http;
    try {
      http =
          HttpApi.start(
              config.httpHost(),
              config.httpPort(),
              checks,
              sessions,
              waiters,
              config.http(),
              config.topology().limits(),
              turnStreams,
              new Telemetry(meters, openTelemetry),
              tokens.map(ApiAccess::tokens).orElse(ApiAccess.open()),
              tenants);
    } catch (RuntimeException e) {
      tenants.close();
      tokens.ifPresent(TokenDirectory::close);
      turnStreams.close();
      sessions.close();
      registry.close();
      dependencies.close();
      meters.ifPresent(CoordinatorMeters::close);
      throw e;
    }
    InputProgressReader progress = null;
    try {
      // Every value subject gets BACKWARD compatibility and its schema before anything is written.
      SchemaBootstrap.run(config.topics(), registry);
      progress =
          InputProgressReader.start(
              config.kafka(),
              config.topics().applicationId(),
              config.topics().inputs(),
              config.topics().partitions(),
              config.topology().timerInterval());
      LocalState localState = LocalState.of(config.streams());
      KafkaStreams streams =
          new KafkaStreams(
              CoordinatorTopology.build(
                  config.topics(),
                  registry,
                  config.topology(),
                  tenants
                      .decisions()
                      .andThen(meters.map(m -> waiters.andThen(m.decisions())).orElse(waiters)),
                  progress),
              StreamsSettings.of(config.streams(), http.port(), config.topology().maxRecordBytes()),
              StreamsSettings.clients(config.streams()));
      // A retryable failure (the registry is down) ends a stream thread so that the record is
      // retried, never skipped; a new thread takes over from the last commit. Readiness is down
      // while threads keep failing.
      streams.setUncaughtExceptionHandler(
          e -> {
            log.warn("Stream thread failed; replacing it", e);
            streamsHealth.threadFailed(e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
          });
      CountDownLatch running = new CountDownLatch(1);
      streams.setStateListener(
          (newState, oldState) -> {
            meters.ifPresent(m -> m.handoffs().onChange(newState, oldState));
            if (newState == KafkaStreams.State.RUNNING) {
              running.countDown();
              tenants.ownershipChanged();
              waiters.releaseMoved(
                  sessionId -> sessions.ownerOf(sessionId) instanceof SessionOwner.Remote);
            }
          });
      meters.ifPresent(m -> m.bindStreams(streams));
      streamsRef.set(streams);
      sessions.attach(
          streams,
          new HostInfo(config.advertisedHost(), http.port()),
          DeadPeers.start(config.streams()));
      if (localState.discardAtStart()) {
        log.info(
            "The last instance on {} did not close cleanly: its local state is discarded",
            config.stateDir());
        streams.cleanUp();
      }
      streams.start();
      log.info("Coordinator HTTP API on http://{}:{}", config.httpHost(), http.port());
      return new Coordinator(
          streams,
          localState,
          turnStreams,
          progress,
          http,
          sessions,
          dependencies,
          registry,
          running,
          meters,
          tokens,
          tenants);
    } catch (RuntimeException e) {
      if (progress != null) {
        progress.close();
      }
      http.close();
      tokens.ifPresent(TokenDirectory::close);
      tenants.close();
      turnStreams.close();
      sessions.close();
      registry.close();
      dependencies.close();
      meters.ifPresent(CoordinatorMeters::close);
      throw e;
    }
  }

  /**
   * The sessions this instance owns, as the tenant limits renew their turns: empty for a session
   * another instance owns; a failure while no owner is known (the fleet is rebalancing). Those with
   * turns are found by a scan of the local stores when a rebalance ends.
   */
  private static OwnedSessions owned(KafkaSessionService sessions) {
    return new OwnedSessions() {
      @Override
      public Optional<SessionState> state(String sessionKey) {
        return switch (sessions.ownerOf(sessionKey)) {
          case SessionOwner.Local local -> sessions.session(sessionKey).map(StoredSession::state);
          case SessionOwner.Remote remote -> Optional.empty();
          case SessionOwner.Unknown unknown ->
              throw new IllegalStateException("no owner of session " + sessionKey + " is known");
        };
      }

      @Override
      public List<String> withTurns() {
        return sessions.localSessionKeysWithTurns();
      }
    };
  }

  private static Optional<TokenDirectory> tokenDirectory(
      CoordinatorConfig config, SchemaRegistryClient registry) {
    if (config.auth() == AuthMode.OFF) {
      log.warn(
          "Authentication is off: every request to the session endpoints is the default tenant's,"
              + " with every scope");
      return Optional.empty();
    }
    Topic<String, ApiToken> topic = Topics.create(config.topics(), registry).tokens();
    return Optional.of(TokenDirectory.start(config.kafka(), topic));
  }

  /** UP once the tokens are loaded, or when none are needed; the detail names the mode. */
  private static HealthCheck.Status authStatus(Optional<TokenDirectory> tokens) {
    if (tokens.isEmpty()) {
      return HealthCheck.Status.up("off: every request is the default tenant's, with every scope");
    }
    return tokens.get().ready()
        ? HealthCheck.Status.up("tokens")
        : HealthCheck.Status.down("tokens: still loading the tokens topic");
  }

  /** The port of the HTTP API. */
  public int httpPort() {
    return http.port();
  }

  /**
   * Waits until Kafka Streams has reached {@code RUNNING} for the first time.
   *
   * @return whether it did within {@code timeout}
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until this instance accepts {@code token}, one just created with {@link
   * dev.baton.coordinator.auth.TokenAdmin}: the instance reads the tokens topic in the background,
   * so a request with a new token can be refused for a moment. At once when API tokens are off.
   *
   * @return whether it accepted the token within {@code timeout}
   */
  public boolean awaitToken(String token, Duration timeout) throws InterruptedException {
    if (tokens.isEmpty()) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tokens.get().verify(token).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(TOKEN_POLL.toMillis());
    }
    return true;
  }

  /** The Kafka Streams application's state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops the HTTP API, then closes Kafka Streams and, at the same time, the clients that nothing
   * uses once the API is stopped (the command producer, the input progress reader, the dependency
   * checks, the tenant limits' Redis connection), then the registry client. Kafka Streams leaves
   * its group, so the other instances take over this instance's sessions at once rather than after
   * the group's session timeout. Each step has its own bound ({@link #CLOSE_TIMEOUT} at most), and
   * those run together, so a stop with Kafka unreachable takes about the longest bound, not their
   * sum.
   */
  @Override
  public void close() {
    long start = System.nanoTime();
    http.close();
    List<Thread> clients =
        List.of(
            closing("commands", () -> sessions.close(CLOSE_TIMEOUT)),
            closing("turn-streams", turnStreams::close),
            closing("input-progress", progress::close),
            closing("dependency-checks", dependencies::close),
            closing("tokens", () -> tokens.ifPresent(TokenDirectory::close)),
            closing("tenant-limits", tenants::close));
    boolean streamsClosed =
        streams.close(
            CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    clients.forEach(Coordinator::awaitClosed);
    registry.close();
    meters.ifPresent(CoordinatorMeters::close);
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    if (streamsClosed) {
      localState.closedCleanly();
      log.info("Coordinator closed in {} ms", millis);
    } else {
      log.warn(
          "Coordinator closed in {} ms; Kafka Streams did not finish within {} s, its open"
              + " transactions are aborted by the broker and its tasks resume from the last commit",
          millis,
          CLOSE_TIMEOUT.toSeconds());
    }
  }

  /** Closes a client on a thread of its own, logging a failure. */
  private static Thread closing(String name, Runnable close) {
    return Thread.ofPlatform()
        .daemon()
        .name("baton-close-" + name)
        .start(
            () -> {
              try {
                close.run();
              } catch (RuntimeException e) {
                log.warn("Failed to close {}", name, e);
              }
            });
  }

  private static void awaitClosed(Thread closing) {
    try {
      closing.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
