package dev.baton.coordinator.cli;

import dev.baton.coordinator.example.EchoAgent;
import dev.baton.worker.Worker;
import dev.baton.worker.WorkerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton worker}: a worker process running the example echo agent. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker process with the example echo agent against an existing Kafka and Schema",
      "Registry. It answers each agent step with 'echo: <input>'; an input starting with",
      "'sleep <ms> ' waits that long first."
    })
final class WorkerCommand implements Callable<Integer> {

  @Mixin ExternalAddresses addresses;

  @Option(
      names = "--topic-prefix",
      defaultValue = "${env:BATON_TOPIC_PREFIX:-baton.}",
      description =
          "Prefix of every topic name (env BATON_TOPIC_PREFIX). Default: ${DEFAULT-VALUE}")
  String topicPrefix;

  @Option(
      names = "--share-group",
      defaultValue = "${env:BATON_SHARE_GROUP:-" + WorkerOptions.DEFAULT_SHARE_GROUP + "}",
      description = "Share group of the workers (env BATON_SHARE_GROUP). Default: ${DEFAULT-VALUE}")
  String shareGroup;

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

  @Override
  public Integer call() throws InterruptedException {
    Worker.Builder builder =
        Worker.builder()
            .kafka(addresses.requiredKafka())
            .schemaRegistry(addresses.requiredRegistry())
            .topicPrefix(topicPrefix)
            .shareGroup(shareGroup)
            .maxInFlight(maxInFlight)
            .agent(new EchoAgent());
    if (workerId != null) {
      builder.workerId(workerId);
    }
    UntilShutdown shutdown = new UntilShutdown();
    shutdown.closeAtShutdown(builder.build()).start();
    shutdown.await();
    return 0;
  }
}
