package dev.baton.coordinator.cli;

import dev.baton.coordinator.dev.StackAddresses;
import dev.baton.coordinator.example.EchoWorker;
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

  @Option(
      names = "--worker-id",
      defaultValue = "${env:BATON_WORKER_ID}",
      description =
          "This worker's id in results and events (env BATON_WORKER_ID). Default: host-pid")
  String workerId;

  @Option(
      names = "--max-in-flight",
      defaultValue = "${env:BATON_MAX_IN_FLIGHT:-" + WorkerOptions.DEFAULT_MAX_IN_FLIGHT + "}",
      description = "Steps run at once (env BATON_MAX_IN_FLIGHT). Default: ${DEFAULT-VALUE}")
  int maxInFlight;

  @Option(
      names = "--tool-delay",
      defaultValue = "${env:BATON_TOOL_DELAY:-PT0.1S}",
      description =
          "How long each example notes tool takes, ISO-8601 (env BATON_TOOL_DELAY)."
              + " Default: ${DEFAULT-VALUE}")
  Duration toolDelay;

  @Override
  public Integer call() throws InterruptedException {
    StackAddresses stack =
        new StackAddresses(
            addresses.requiredKafka(), addresses.requiredRegistry(), addresses.requiredRedis());
    TopicLayout layout =
        TopicLayout.of(
            prefix.topicPrefix, TopicLayout.DEFAULT_APPLICATION_ID, TopicLayout.DEFAULT_PARTITIONS);
    Worker.Builder builder =
        EchoWorker.builder(stack, layout, group.shareGroup, workerId(), toolDelay)
            .maxInFlight(maxInFlight);
    UntilShutdown shutdown = new UntilShutdown();
    shutdown.closeAtShutdown(builder.build()).start();
    shutdown.await();
    return 0;
  }

  private String workerId() {
    return workerId != null ? workerId : "worker-" + ProcessHandle.current().pid();
  }
}
