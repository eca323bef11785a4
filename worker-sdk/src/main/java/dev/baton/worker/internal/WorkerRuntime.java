package dev.baton.worker.internal;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.WorkerOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started worker: its poll loops (one platform thread and share consumer each), the virtual
 * threads its handlers run on, the producer they share, the lease timer and the turn-signal
 * listener. When the last poll loop ends, it closes the rest and calls {@code onTerminated}.
 */
public final class WorkerRuntime {

  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final WorkerOptions options;
  private final SchemaRegistryClient registry;
  private final boolean ownsRegistry;
  private final Producer<String, byte[]> producer;
  private final ExecutorService handlers;
  private final List<PollLoop> loops = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Runnable onTerminated;
  private final ToolRegistry tools;
  private final Locks locks;
  private final ResultPublisher publisher;
  private final RunningAssignments runningAssignments;
  private final Leases leases;
  private final PollWatch pollWatch;
  private final DeltaBatching deltaBatching;
  private final WorkerMeters meters;
  private TurnSignalListener signals;
  private SignalReadBarrier signalBarrier;

  private WorkerRuntime(
      WorkerOptions options, ToolRegistry tools, ClientFactory clients, Runnable onTerminated) {
    this.options = options;
    this.onTerminated = onTerminated;
    this.tools = tools;
    this.meters = new WorkerMeters(options.meterRegistry());
    this.runningAssignments = new RunningAssignments(options.cancelGrace());
    this.ownsRegistry = options.schemaRegistryClient().isEmpty();
    this.registry =
        options
            .schemaRegistryClient()
            .orElseGet(
                () -> SchemaRegistryClient.create(options.schemaRegistryOptions().orElseThrow()));
    this.producer = clients.producer(KafkaConfigs.producer(options));
    this.locks =
        tools.isEmpty()
            ? null
            : clients.locks(
                options
                    .redisUri()
                    .orElseThrow(() -> new IllegalArgumentException("Tools need a Redis URI")),
                options.lockOptions());
    this.handlers =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("baton-" + options.workerId() + "-step-", 0).factory());
    TopicLayout topics = options.topicLayout();
    this.publisher =
        new ResultPublisher(
            producer,
            serde(WorkerResult.class),
            serde(StreamDelta.class),
            new ResultPublisher.Topics(topics.workerResults(), topics.turnStream()),
            options.workerId(),
            Clock.systemUTC(),
            KafkaConfigs.maxResultBytes(options));
    // One timer per worker renews the leases and ends the linger of the steps' deltas.
    ScheduledExecutorService timer = Leases.timer("baton-" + options.workerId() + "-timer");
    this.leases = new Leases(publisher, options.leaseRenewInterval(), timer).measuredBy(meters);
    this.deltaBatching =
        new DeltaBatching(
            options.deltaLinger(), publisher.maxValueBytes(), DeltaBatching.on(timer));
    this.pollWatch =
        new PollWatch(PollWatch.DEFAULT_TICK, "baton-" + options.workerId() + "-poll-watch");
  }

  /**
   * Creates the clients and starts the poll loops.
   *
   * @param options the worker's options
   * @param agent the agent handler
   * @param tools the tools; when there are any, {@code options} must name a Redis
   * @param clients creates the Kafka clients and the turn locks
   * @param onTerminated called once, from a poll thread, when everything is closed
   * @return the running worker
   */
  public static WorkerRuntime start(
      WorkerOptions options,
      AgentHandler agent,
      ToolRegistry tools,
      ClientFactory clients,
      Runnable onTerminated) {
    WorkerRuntime runtime = new WorkerRuntime(options, tools, clients, onTerminated);
    try {
      runtime.startSignals(clients);
      runtime.createLoops(agent, clients);
    } catch (RuntimeException e) {
      runtime.closeShared();
      throw e;
    }
    runtime.startLoops();
    return runtime;
  }

  /**
   * Stops polling. With {@code now} false, the steps in flight finish and are acknowledged; with
   * {@code now} true, their handlers are interrupted and their assignments released.
   */
  public void stop(boolean now) {
    loops.forEach(loop -> loop.stop(now));
    if (now) {
      handlers.shutdownNow();
    }
  }

  /** How many handlers run across the poll loops, handed-off ones included. */
  public int inFlight() {
    return loops.stream().mapToInt(PollLoop::running).sum();
  }

  /** How many records the worker's share consumers hold until a handler slot is free. */
  int waiting() {
    return loops.stream().mapToInt(PollLoop::waiting).sum();
  }

  private void startSignals(ClientFactory clients) {
    String topic = options.topicLayout().turnSignals();
    signalBarrier =
        new SignalReadBarrier(
            clients.consumer(KafkaConfigs.signalConsumer(options, "-signal-offsets")),
            topic,
            options.closeTimeout());
    signals =
        new TurnSignalListener(
            clients.consumer(KafkaConfigs.signalConsumer(options, "-signals")),
            topic,
            AvroSerde.forValue(TurnSignal.class, registry),
            runningAssignments,
            options.closeTimeout(),
            signalBarrier);
    signals.start("baton-" + options.workerId() + "-signals");
    signalBarrier.start("baton-" + options.workerId() + "-signal-barrier");
  }

  private void createLoops(AgentHandler agent, ClientFactory clients) {
    TopicLayout topics = options.topicLayout();
    StepRunner runner =
        new StepRunner(
            agent,
            AvroSerde.forValue(Assignment.class, registry),
            publisher,
            tools,
            locks,
            Clock.systemUTC(),
            new StepRunner.Supervision(
                runningAssignments, leases, options.deliveryLimit(), signalBarrier));
    runner
        .readingHistoryFrom(
            options.coordinatorUrl().map(HistoryReader::http).orElse(HistoryReader.NONE))
        .batchingDeltas(deltaBatching)
        .measuredBy(meters)
        .tracedBy(options.openTelemetry().getTracer(RunTrace.SCOPE));
    Dispatcher dispatcher = new StepDispatcher(handlers, runner);
    int[] capacities = KafkaConfigs.split(options.maxInFlight(), options.pollers());
    var timeouts = new PollLoop.Timeouts(options.pollTimeout(), options.closeTimeout());
    HandlerSlots slots = new HandlerSlots(options.maxInFlight());
    for (int i = 0; i < capacities.length; i++) {
      var consumer = clients.shareConsumer(KafkaConfigs.shareConsumer(options, i, capacities[i]));
      loops.add(
          new PollLoop(
                  consumer,
                  topics.assignments(),
                  new PollLoop.Capacity(capacities[i], slots, options.handOffAfter()),
                  dispatcher,
                  timeouts,
                  leases::observeLockTimeout,
                  pollWatch.watch(consumer, KafkaConfigs.fetchMaxWait(options)))
              .measuredBy(meters));
    }
    meters.gaugeHandlers(this::inFlight, this::waiting, options.maxInFlight());
    if (locks != null) {
      meters.gaugeRedis();
    }
  }

  private void startLoops() {
    running.set(loops.size());
    for (int i = 0; i < loops.size(); i++) {
      PollLoop loop = loops.get(i);
      Thread.ofPlatform()
          .name("baton-" + options.workerId() + "-poller-" + i)
          .start(
              () -> {
                try {
                  loop.run();
                } finally {
                  loopEnded();
                }
              });
    }
    log.info(
        "Worker {} started: {} pollers, maxInFlight {}, share group {}, tools {}",
        options.workerId(),
        loops.size(),
        options.maxInFlight(),
        options.shareGroup(),
        tools.names());
  }

  private void loopEnded() {
    if (running.decrementAndGet() == 0) {
      closeShared();
    }
  }

  private void closeShared() {
    try {
      if (signals != null) {
        signals.close();
      }
      if (signalBarrier != null) {
        signalBarrier.close();
      }
      leases.close();
      pollWatch.close();
      meters.close();
      handlers.shutdown();
      producer.close(options.closeTimeout());
      if (locks != null) {
        locks.close();
      }
      if (ownsRegistry) {
        registry.close();
      }
      log.info(
          "Worker {} terminated; its poll watch woke waiting polls ({})",
          options.workerId(),
          pollWatch.wakeups());
    } catch (RuntimeException e) {
      log.warn("Closing worker {} failed", options.workerId(), e);
    } finally {
      onTerminated.run();
    }
  }

  private <T extends SpecificRecord> AvroSerde<T> serde(Class<T> type) {
    AvroSerde<T> serde = AvroSerde.forValue(type, registry);
    return options.registerSchemas() ? serde : serde.lookupOnly();
  }
}
