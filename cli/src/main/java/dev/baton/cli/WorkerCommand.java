package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.example.EchoWorker;
import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.Worker;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton worker}: a worker process running the example echo agent. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker process with the example echo agent and notes tools against an existing",
      "Kafka, Schema Registry and Redis. It answers 'echo: <input>'; 'sleep <ms> ...' waits",
      "first; 'tools: read a, write a=hi, read a, list' calls the notes tools under the turn lock."
    })
final class WorkerCommand implements Callable<Integer> {

  @Mixin ExternalAddresses addresses;
  @Mixin TopicPrefixOption prefix;
  @Mixin ShareGroupOption group;
  @Mixin DeltaLingerOption linger;
  @Mixin MetricsOptions metrics;
  @Mixin PollerOptions pollers;

  @Option(
      names = "--worker-id",
      converter = SettingTypes.Text.class,
      description = "This worker's id in results and events.")
  @SettingDefault("worker-<pid>")
  String workerId;

  @Option(
      names = "--max-in-flight",
      defaultValue = "" + WorkerOptions.DEFAULT_MAX_IN_FLIGHT,
      converter = SettingTypes.MaxInFlight.class,
      description = "Agent steps this worker runs at once.")
  int maxInFlight;

  @Option(
      names = "--tool-delay",
      converter = SettingTypes.NonNegativeDuration.class,
      description = "How long each example notes tool takes.")
  Duration toolDelay = NotesTools.DEFAULT_DELAY;

  @Override
  public Integer call() throws InterruptedException {
    KafkaConnection kafka = addresses.requiredKafka();
    SchemaRegistryOptions registry = addresses.requiredRegistry();
    StackAddresses stack =
        new StackAddresses(
            kafka.bootstrapServers(), registry.baseUrl().toString(), addresses.requiredRedis());
    TopicLayout layout =
        TopicLayout.of(
            prefix.topicPrefix, TopicLayout.DEFAULT_APPLICATION_ID, TopicLayout.DEFAULT_PARTITIONS);
    Worker.Builder builder =
        EchoWorker.builder(stack, layout, group.shareGroup, workerId(), toolDelay)
            .kafka(kafka)
            .schemaRegistry(registry)
            .maxInFlight(maxInFlight)
            .deltaLinger(linger.deltaLinger());
    pollers.applyTo(builder, maxInFlight);
    UntilShutdown shutdown = new UntilShutdown();
    metrics.serve(builder, shutdown);
    builder.openTelemetry(ProcessTracing.start("baton-worker", shutdown));
    shutdown.closeAtShutdown(builder.build()).start();
    shutdown.await();
    return 0;
  }

  private String workerId() {
    return workerId != null ? workerId : "worker-" + ProcessHandle.current().pid();
  }
}
