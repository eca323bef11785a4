package dev.baton.coordinator.example;

import dev.baton.coordinator.dev.StackAddresses;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.Worker;

/**
 * A worker that runs the {@link EchoAgent} on a stack.
 *
 * <pre>{@code
 * Worker worker = EchoWorker.create(addresses, layout, "baton-workers", "echo-1");
 * worker.start();
 * }</pre>
 */
public final class EchoWorker {

  private EchoWorker() {}

  /**
   * Returns an unstarted echo worker on the stack at {@code addresses}, reading and writing the
   * topics of {@code layout}, in share group {@code shareGroup}.
   */
  public static Worker create(
      StackAddresses addresses, TopicLayout layout, String shareGroup, String workerId) {
    return Worker.builder()
        .kafka(addresses.kafkaBootstrap())
        .schemaRegistry(addresses.registryUrl())
        .topicPrefix(layout.prefix())
        .shareGroup(shareGroup)
        .workerId(workerId)
        .agent(new EchoAgent())
        .build();
  }
}
