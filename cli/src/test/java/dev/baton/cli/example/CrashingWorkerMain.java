package dev.baton.cli.example;

import dev.baton.cli.testkit.BatonProcess;
import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker process for {@link WorkerCrashIT}: it prints {@code STEP STARTED <assignmentId>} when a
 * step starts and then holds the step until the process is killed.
 *
 * <p>Arguments: kafka bootstrap, registry URL, topic prefix, share group.
 */
public final class CrashingWorkerMain {

  /** The line printed when a step starts, before its assignment id. */
  public static final String STARTED = "STEP STARTED ";

  private CrashingWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Worker worker =
        Worker.builder()
            .kafka(args[0])
            .schemaRegistry(args[1])
            .topicPrefix(args[2])
            .shareGroup(args[3])
            .workerId("crashing")
            .maxInFlight(1)
            .agent(
                step -> {
                  System.out.println(STARTED + step.assignmentId());
                  System.out.flush();
                  Thread.sleep(Long.MAX_VALUE);
                  return StepResult.answer("never");
                })
            .build();
    worker.start();
    worker.awaitTermination(java.time.Duration.ofDays(1));
  }

  /** Starts this worker as a child JVM on the given stack, topics and share group. */
  public static Process start(
      String kafkaBootstrap, String registryUrl, String topicPrefix, String shareGroup)
      throws IOException {
    List<String> command = BatonProcess.javaCommand("-Xmx320m");
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            CrashingWorkerMain.class.getName(),
            kafkaBootstrap,
            registryUrl,
            topicPrefix,
            shareGroup));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Completes with the assignment id of the first step that {@code process} starts. */
  public static CompletableFuture<String> firstStartedStep(Process process) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
              if (line.startsWith(STARTED)) {
                return line.substring(STARTED.length()).trim();
              }
            }
            throw new IllegalStateException("the worker process ended before starting a step");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
