package dev.baton.bench.internal;

import dev.baton.cli.example.EchoWorker;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The Java echo worker in a process of its own, so that its CPU is measured apart from the
 * benchmark's JVM (which also runs the embedded broker): the {@link EchoWorker} with the turn
 * cases' {@code maxInFlight} and share consumers, until SIGTERM.
 */
public final class EchoWorkerMain {

  private EchoWorkerMain() {}

  /** The command that starts one for the topics of {@code layout}, in {@code shareGroup}. */
  static List<String> command(
      StackAddresses stack,
      TopicLayout layout,
      String shareGroup,
      String workerId,
      Deployment.Workers shape) {
    return ChildProcess.java(
        EchoWorkerMain.class.getName(),
        List.of(
            stack.kafkaBootstrap(),
            stack.registryUrl(),
            stack.redisUri(),
            layout.prefix(),
            shareGroup,
            workerId,
            Integer.toString(shape.maxInFlight()),
            Integer.toString(shape.pollers())));
  }

  /**
   * Runs a worker: {@code <kafka> <registry> <redis> <topic prefix> <share group> <worker id>
   * <maxInFlight> <pollers>}.
   */
  public static void main(String[] args) throws InterruptedException {
    StackAddresses stack = new StackAddresses(args[0], args[1], args[2]);
    TopicLayout layout =
        TopicLayout.of(args[3], TopicLayout.DEFAULT_APPLICATION_ID, TopicLayout.DEFAULT_PARTITIONS);
    Worker worker =
        EchoWorker.builder(stack, layout, args[4], args[5], Duration.ZERO)
            .maxInFlight(Integer.parseInt(args[6]))
            .pollers(Integer.parseInt(args[7]))
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    worker.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    stopped.countDown();
                  }
                }));
    worker.start();
    stopped.await();
  }
}
