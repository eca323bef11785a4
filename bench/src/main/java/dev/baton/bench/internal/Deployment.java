package dev.baton.bench.internal;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.example.EchoWorker;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One case's Baton: fresh topics and application id, a coordinator process, workers in this JVM
 * (echo workers, whose agent a case may replace), and a {@link TurnDriver}. Closing it stops all of
 * them. The workers and the driver mark their points of each turn in the deployment's {@link
 * TurnTimes}.
 */
public final class Deployment implements AutoCloseable {

  /**
   * The echo workers of a deployment.
   *
   * @param count workers
   * @param maxInFlight steps each runs at once
   * @param pollers share consumers of each
   * @param handOffAfter their {@code handOffAfter} (a long step then holds back no other), or null
   *     for the SDK's default ({@link dev.baton.worker.WorkerOptions#DEFAULT_HAND_OFF_AFTER})
   */
  public record Workers(int count, int maxInFlight, int pollers, Duration handOffAfter) {

    /** Workers with the SDK's default hand-off. */
    public Workers(int count, int maxInFlight, int pollers) {
      this(count, maxInFlight, pollers, null);
    }
  }

  /**
   * What a deployment gets beyond its usual start.
   *
   * @param coordinator the coordinator process's extra arguments and environment
   * @param workerTelemetry where the workers' spans go ({@link OpenTelemetry#noop()}: nowhere)
   */
  public record Extras(CoordinatorProcess.Extras coordinator, OpenTelemetry workerTelemetry) {

    /** Nothing more: the coordinator's defaults, workers that trace nothing. */
    public static final Extras NONE =
        new Extras(CoordinatorProcess.Extras.NONE, OpenTelemetry.noop());
  }

  private final TopicLayout layout;
  private final String shareGroup;
  private final CoordinatorProcess coordinator;
  private final List<Worker> workers;
  private final SchemaRegistryClient registry;
  private final TurnDriver driver;

  private Deployment(
      TopicLayout layout,
      String shareGroup,
      CoordinatorProcess coordinator,
      List<Worker> workers,
      SchemaRegistryClient registry,
      TurnDriver driver) {
    this.layout = layout;
    this.shareGroup = shareGroup;
    this.coordinator = coordinator;
    this.workers = workers;
    this.registry = registry;
    this.driver = driver;
  }

  /**
   * Starts a deployment named {@code name} (topic prefix {@code <name>.}, application id {@code
   * <name>}) on {@code stack}, with its files under {@code workDir/<name>}; its workers run {@code
   * agent} (an {@link EchoAgent} but for the streams case), started with {@code extras}.
   */
  public static Deployment start(
      StackAddresses stack,
      String name,
      int partitions,
      ProcessingMode mode,
      Workers shape,
      Path workDir,
      List<String> coordinatorJvmOptions,
      TurnTimes times,
      AgentHandler agent,
      Extras extras)
      throws IOException, InterruptedException {
    TopicLayout layout = TopicLayout.of(name + ".", name, partitions);
    String group = name + "-workers";
    Path dir = Files.createDirectories(workDir.resolve(name));
    CoordinatorProcess coordinator =
        CoordinatorProcess.start(
            stack, layout, group, mode, dir, coordinatorJvmOptions, extras.coordinator());
    List<Worker> workers = new ArrayList<>();
    SchemaRegistryClient registry = null;
    try {
      for (int i = 0; i < shape.count(); i++) {
        Worker.Builder builder =
            EchoWorker.builder(stack, layout, group, name + "-w" + i, Duration.ZERO)
                .agent(timed(agent, times))
                .maxInFlight(shape.maxInFlight())
                .pollers(shape.pollers())
                .openTelemetry(extras.workerTelemetry());
        if (shape.handOffAfter() != null) {
          builder.handOffAfter(shape.handOffAfter());
        }
        Worker worker = builder.build();
        workers.add(worker);
        worker.start();
      }
      registry = SchemaRegistryClient.create(stack.registryUrl());
      TurnDriver driver = TurnDriver.create(stack.kafkaBootstrap(), layout, registry, times);
      return new Deployment(layout, group, coordinator, workers, registry, driver);
    } catch (RuntimeException e) {
      stopWorkers(workers);
      if (registry != null) {
        registry.close();
      }
      coordinator.close();
      throw e;
    }
  }

  /** {@code agent}, marking in {@code times} when each step's handler started and returned. */
  private static AgentHandler timed(AgentHandler agent, TurnTimes times) {
    return step -> {
      times.markNow(step.turnId(), TurnPoint.HANDLER_STARTED);
      StepResult result = agent.handle(step);
      times.markNow(step.turnId(), TurnPoint.HANDLER_RETURNED);
      return result;
    };
  }

  /** The topics and application id. */
  public TopicLayout layout() {
    return layout;
  }

  /** The share group its workers consume assignments through. */
  public String shareGroup() {
    return shareGroup;
  }

  /** The schema registry's client, for serdes of the deployment's topics. */
  public SchemaRegistryClient registry() {
    return registry;
  }

  /** The coordinator process. */
  public CoordinatorProcess coordinator() {
    return coordinator;
  }

  /** The driver of turns. */
  public TurnDriver driver() {
    return driver;
  }

  @Override
  public void close() throws InterruptedException {
    driver.close();
    stopWorkers(workers);
    registry.close();
    coordinator.close();
  }

  private static void stopWorkers(List<Worker> workers) throws InterruptedException {
    workers.forEach(Worker::shutdownNow);
    for (Worker worker : workers) {
      worker.awaitTermination(Duration.ofSeconds(30));
    }
  }
}
