package dev.baton.coordinator.example;

import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;

/**
 * A worker process for {@link WorkerCrashIT}: it prints {@code STEP STARTED <assignmentId>} when a
 * step starts and then holds the step until the process is killed.
 *
 * <p>Arguments: kafka bootstrap, registry URL, topic prefix, share group.
 */
public final class CrashingWorkerMain {

  /** The line printed when a step starts, before its assignment id. */
  static final String STARTED = "STEP STARTED ";

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
}
