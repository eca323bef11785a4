package dev.baton.cli.example;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.Worker;
import java.time.Duration;

/**
 * A worker that runs the {@link EchoAgent}, the {@link NotesTools} and the {@link ApprovalTool} on
 * a stack, with the turn lock and the notes in the stack's Redis.
 *
 * <pre>{@code
 * Worker worker = EchoWorker.create(addresses, layout, "baton-workers", "echo-1");
 * worker.start();
 * }</pre>
 */
public final class EchoWorker {

  private EchoWorker() {}

  /**
   * The echo workers' close timeout: with {@link Worker#CLOSE_GRACE}, a worker stops within 7 s of
   * SIGTERM, its unfinished work released to the fleet.
   */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(4);

  /**
   * Returns an unstarted echo worker on the stack at {@code addresses}, reading and writing the
   * topics of {@code layout}, in share group {@code shareGroup}.
   */
  public static Worker create(
      StackAddresses addresses, TopicLayout layout, String shareGroup, String workerId) {
    return builder(addresses, layout, shareGroup, workerId, NotesTools.DEFAULT_DELAY).build();
  }

  /**
   * Returns the builder of an echo worker whose notes tools wait {@code toolDelay}, so that a
   * caller can change more options before {@code build()}.
   */
  public static Worker.Builder builder(
      StackAddresses addresses,
      TopicLayout layout,
      String shareGroup,
      String workerId,
      Duration toolDelay) {
    Worker.Builder builder =
        Worker.builder()
            .kafka(addresses.kafkaBootstrap())
            .schemaRegistry(addresses.registryUrl())
            .redis(addresses.redisUri())
            .topicPrefix(layout.prefix())
            .shareGroup(shareGroup)
            .workerId(workerId)
            .closeTimeout(CLOSE_TIMEOUT)
            .agent(new EchoAgent());
    return ApprovalTool.register(
        NotesTools.create(addresses.redisUri(), toolDelay).register(builder));
  }
}
