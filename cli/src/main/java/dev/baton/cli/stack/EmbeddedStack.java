package dev.baton.cli.stack;

import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.stack.internal.Poll;
import dev.baton.cli.stack.internal.PortHold;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.TopicBootstrapException;
import dev.baton.schemas.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev and test stack: Kafka, Redis and a Confluent-compatible Schema Registry, each embedded or
 * external as {@link StackConfig} says, with Baton's topics created and its share group prepared.
 * Embedded parts start in parallel; external ones are checked to answer. {@link #close()} stops the
 * embedded parts in reverse order and leaves no process or listening port behind; it also runs from
 * a shutdown hook if the JVM exits first.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = new EmbeddedStack(StackConfig.defaults())) {
 *   StackAddresses addresses = stack.start();
 *   String bootstrap = addresses.kafkaBootstrap();
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

  private enum State {
    NEW,
    STARTING,
    RUNNING,
    CLOSED
  }

  private final StackConfig config;
  private final List<AutoCloseable> embedded = new ArrayList<>();
  private final Thread shutdownHook =
      Thread.ofPlatform().name("baton-stack-shutdown").unstarted(this::close);
  private State state = State.NEW;
  private StackAddresses addresses;
  private boolean ownHook = true;

  /** A stack that {@link #start()} brings up as {@code config} says. */
  public EmbeddedStack(StackConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Leaves closing at JVM shutdown to the caller: the stack installs no shutdown hook of its own.
   * For a caller that closes the stack in its own shutdown hook after what runs on it (workers, a
   * coordinator); the JVM runs hooks concurrently, so the stack's own hook would stop the broker
   * and Redis under them while they still hand their work back. Call before {@link #start()}.
   *
   * @return this stack
   */
  public synchronized EmbeddedStack closedByCaller() {
    if (state != State.NEW) {
      throw new IllegalStateException("the shutdown hook is chosen before the stack starts");
    }
    ownHook = false;
    return this;
  }

  /** The configuration of this stack. */
  public StackConfig config() {
    return config;
  }

  /**
   * Starts the embedded parts in parallel, checks the external ones, creates the topics and
   * prepares the share group. On failure everything started is stopped again.
   *
   * @return where the parts answer
   * @throws StackException naming the part that failed and why
   * @throws IllegalStateException if the stack was started or closed before
   */
  public StackAddresses start() {
    beginStart();
    long started = System.nanoTime();
    try {
      StackAddresses running = startPartsHoldingFixedPorts();
      bootstrapTopics(running.kafkaBootstrap());
      finishStart(running);
      log.info("Stack ready in {} ms: {}", millisSince(started), running);
      return running;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Where the parts answer. */
  public synchronized StackAddresses addresses() {
    if (state != State.RUNNING) {
      throw new IllegalStateException("the stack is " + state.name().toLowerCase());
    }
    return addresses;
  }

  /**
   * Stops the embedded parts in reverse order of start and waits for them. Safe to call more than
   * once, from any thread, and while {@link #start()} is still running (which then fails).
   */
  @Override
  public void close() {
    List<AutoCloseable> parts;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      parts = List.copyOf(embedded).reversed();
    }
    removeShutdownHook();
    parts.forEach(EmbeddedStack::closeQuietly);
    log.info("Stack closed");
  }

  private synchronized void beginStart() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "a stack starts once; this one is " + state.name().toLowerCase());
    }
    state = State.STARTING;
    if (ownHook) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  private synchronized void finishStart(StackAddresses running) {
    if (state != State.STARTING) {
      throw StackException.startFailed("stack", "it was closed while starting", null);
    }
    addresses = running;
    state = State.RUNNING;
  }

  /**
   * A part of the stack: external when {@code address} is present, else started embedded on {@code
   * fixedPort} (0 for a free one).
   */
  private record Part(
      String name,
      Optional<String> address,
      int fixedPort,
      IntFunction<String> startEmbedded,
      Function<String, Optional<String>> probe) {}

  /**
   * Starts the parts while their fixed ports and the caller's reserved ones are held, each fixed
   * port released only for its own part to bind, so that no port a part picks is one of them.
   */
  private StackAddresses startPartsHoldingFixedPorts() {
    List<Part> parts = parts();
    try (PortHold held = new PortHold()) {
      parts.stream()
          .filter(part -> part.address().isEmpty())
          .forEach(part -> held.hold(part.name(), part.fixedPort()));
      config.reservedPorts().forEach(held::hold);
      return startParts(parts, held);
    }
  }

  /** Kafka, Redis and the registry, in the order of {@link #startParts}' result. */
  private List<Part> parts() {
    return List.of(
        new Part(
            EmbeddedKafka.PART,
            config.kafkaBootstrap(),
            config.kafkaPort(),
            this::startKafka,
            address -> Probes.kafka(config.kafka(address), Probes.PROBE_TIMEOUT)),
        new Part(
            EmbeddedRedis.PART,
            config.redisUri(),
            config.redisPort(),
            this::startRedis,
            Probes::redis),
        new Part(
            EmbeddedRegistry.PART,
            config.registryUrl(),
            config.registryPort(),
            this::startRegistry,
            address -> Probes.registry(config.registry(address), Probes.PROBE_TIMEOUT)));
  }

  private StackAddresses startParts(List<Part> parts, PortHold held) {
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("baton-stack-", 0).factory())) {
      List<CompletableFuture<String>> started =
          parts.stream()
              .map(part -> CompletableFuture.supplyAsync(() -> startTimed(part, held), executor))
              .toList();
      List<String> addresses = joinAll(started);
      return new StackAddresses(addresses.get(0), addresses.get(2), addresses.get(1));
    }
  }

  private String startTimed(Part part, PortHold held) {
    long started = System.nanoTime();
    String address = startOrCheck(part, held);
    String kind = part.address().isPresent() ? "external" : "embedded";
    log.info(
        "{} ({}) ready at {} in {} ms",
        part.name(),
        kind,
        Redaction.uri(address),
        millisSince(started));
    return address;
  }

  private String startOrCheck(Part part, PortHold held) {
    try {
      return part.address()
          .map(address -> checkExternal(part.name(), address, part.probe()))
          .orElseGet(() -> part.startEmbedded().apply(held.release(part.fixedPort())));
    } catch (StackException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StackException.startFailed(part.name(), "unexpected error", e);
    }
  }

  private String checkExternal(
      String part, String address, Function<String, Optional<String>> probe) {
    Poll.until(
        part,
        config.startTimeout(),
        () -> probe.apply(address).map(why -> Redaction.uri(address) + " does not answer: " + why));
    return address;
  }

  private String startKafka(int port) {
    EmbeddedKafka kafka = register(new EmbeddedKafka(config.startTimeout(), Map.of(), port));
    return kafka.start().bootstrapServers();
  }

  private String startRedis(int port) {
    EmbeddedRedis redis = register(new EmbeddedRedis(config.startTimeout()));
    return redis.start(FreePorts.pickOr(port, EmbeddedRedis.PART)).uri();
  }

  private String startRegistry(int port) {
    EmbeddedRegistry registry =
        new EmbeddedRegistry(
            config.registryDistribution().orElseThrow(), config.startTimeout(), port);
    return register(registry).start().url();
  }

  /** Records a part for {@link #close()}; refuses it if the stack was closed meanwhile. */
  private synchronized <T extends AutoCloseable> T register(T part) {
    if (state == State.CLOSED) {
      throw StackException.startFailed("stack", "it was closed while starting", null);
    }
    embedded.add(part);
    return part;
  }

  private void bootstrapTopics(String kafkaBootstrap) {
    long started = System.nanoTime();
    try (TopicBootstrap topics =
        new TopicBootstrap(
            config.kafka(kafkaBootstrap), config.replicationFactor(), config.startTimeout())) {
      topics.createTopics(config.topicLayout(), config.maxRecordBytes());
      topics.prepareShareGroup(config.shareGroupId());
    } catch (TopicBootstrapException e) {
      throw StackException.topicsFailed(e);
    }
    log.info(
        "{} topics and share group {} ready in {} ms",
        config.topicLayout().specs().size(),
        config.shareGroupId(),
        millisSince(started));
  }

  /** The results in order, or the first failure with the others suppressed in it. */
  private static List<String> joinAll(List<CompletableFuture<String>> parts) {
    StackException first = null;
    for (CompletableFuture<String> part : parts) {
      try {
        part.join();
      } catch (CompletionException e) {
        StackException failure = asStackException(e.getCause());
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return parts.stream().map(CompletableFuture::join).toList();
  }

  private static StackException asStackException(Throwable failure) {
    return failure instanceof StackException stack
        ? stack
        : StackException.startFailed("stack", "unexpected error", failure);
  }

  private void removeShutdownHook() {
    if (!ownHook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down, possibly running this very hook.
    }
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      log.warn("Stopping {} failed", part.getClass().getSimpleName(), e);
    }
  }

  private static long millisSince(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
  }
}
