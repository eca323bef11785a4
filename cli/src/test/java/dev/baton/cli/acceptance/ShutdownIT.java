package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM stops {@code baton dev}, a coordinator and a worker within {@link #STOP_WITHIN}, with
 * turns in flight, and a coordinator whose Kafka does not answer too; a stopped worker's work goes
 * back to the fleet and its turns complete.
 */
@BatonStackTest
class ShutdownIT {

  private static final Logger log = LoggerFactory.getLogger(ShutdownIT.class);
  private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
  private static final Duration START = Duration.ofSeconds(180);
  private static final String SCRIPT = "tools: write a=x, read a, list, read a";

  @Test
  void shouldStopBatonDevWithinTenSecondsWithTurnsInFlight(TestIds ids, @TempDir Path dir)
      throws Exception {
    try (BatonProcess dev = BatonProcess.dev("dev", dir, "--workers=2")) {
      dev.awaitHealthy(START);
      BatonApi api = new BatonApi(dev.httpPort());
      submitTurns(api, ids, 12);
      List<ProcessHandle> family = dev.family();

      Duration took = dev.terminate(STOP_WITHIN);

      log.info("baton dev stopped {} after SIGTERM", took);
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
    }
  }

  @Test
  void shouldStopACoordinatorWithinTenSecondsWithTurnsInFlight(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(1).start();
        BatonProcess coordinator =
            BatonProcess.coordinator("c-1", stack, fleet.layout(), ids.shareGroupId(), dir)) {
      coordinator.awaitHealthy(START);
      fleet.awaitOwnersKnown();
      submitTurns(new BatonApi(coordinator.httpPort()), ids, 12);

      Duration took = coordinator.terminate(STOP_WITHIN);

      log.info("coordinator stopped {} after SIGTERM", took);
    }
  }

  /**
   * The stack runs in its own process, frozen with SIGSTOP once the coordinator has turns in
   * flight: the broker, the registry and Redis stop answering, so the stream thread blocks in its
   * network calls and commits and closing Kafka Streams cannot finish, and submits that arrive then
   * wait in the command producer. The coordinator must still stop within {@link #STOP_WITHIN};
   * before its clients closed together, the waiting commands held it past that.
   */
  @Test
  void shouldStopACoordinatorWithinTenSecondsWhileItsStackIsFrozen(TestIds ids, @TempDir Path dir)
      throws Exception {
    TopicLayout layout = ids.layout(2);
    BatonProcess.StackPorts ports = BatonProcess.StackPorts.pick();
    try (BatonProcess stack = BatonProcess.stack("stack", ports, layout, ids.shareGroupId(), dir)) {
      // The coordinator starts once the stack has registered the schemas, as the stack asks.
      stack.awaitLogLine(BatonProcess.STACK_UP, START);
      List<ProcessHandle> family = stack.family();
      try (BatonProcess coordinator =
          BatonProcess.coordinator("c-1", ports.addresses(), layout, ids.shareGroupId(), dir)) {
        coordinator.awaitHealthy(START);
        BatonApi api = new BatonApi(coordinator.httpPort(), 100, Duration.ofSeconds(30));
        submitTurns(api, ids, 6);

        stack.signalFamily("STOP");
        try (ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
          // The coordinator notices: its readiness checks of Kafka and the registry fail.
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> coordinator.healthStatus() != 200);
          // Submits that reach it now wait in its command producer for the broker.
          List<CompletableFuture<BatonApi.Reply>> stuck =
              IntStream.range(0, 4)
                  .mapToObj(
                      i ->
                          CompletableFuture.supplyAsync(
                              () -> api.submit(ids.sessionId(), "t-1", SCRIPT, null, 0),
                              submitters))
                  .toList();
          await()
              .during(Duration.ofMillis(500))
              .atMost(Duration.ofSeconds(5))
              .until(() -> stuck.stream().noneMatch(CompletableFuture::isDone));

          Duration took = coordinator.terminate(STOP_WITHIN);

          log.info(
              "coordinator stopped {} after SIGTERM with its stack frozen and {} submits waiting"
                  + " for the broker:\n{}",
              took,
              stuck.size(),
              coordinator.logTail());
        } finally {
          stack.signalFamily("CONT");
        }
      }
      stack.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
    }
  }

  @Test
  void shouldStopAWorkerWithinTenSecondsAndHandItsWorkBack(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).workers(0).start();
        BatonProcess worker =
            BatonProcess.worker(
                "w-1",
                stack,
                fleet.layout(),
                ids.shareGroupId(),
                dir,
                "--tool-delay=PT20S",
                "--max-in-flight=8")) {
      BatonApi api = fleet.api(0);
      List<String> sessions = submitTurns(api, ids, 4);
      // Each turn's first call (a write that takes 20 s) is out to the worker.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  sessions.stream()
                      .allMatch(
                          s ->
                              api.events(s).stream()
                                  .anyMatch(e -> e.type().equals("ToolCallDispatched"))));

      Duration took = worker.terminate(STOP_WITHIN);
      log.info("worker stopped {} after SIGTERM", took);

      NotesTools notes = NotesTools.create(stack.redisUri(), Duration.ofMillis(50));
      fleet.startWorker("w-2", b -> notes.register(b.redis(stack.redisUri())));
      for (String session : sessions) {
        BatonApi.Reply turn = api.submitUntilDecided(session, "t-1", SCRIPT, null, 60);
        assertThat(turn.turnStatus()).as("%s: %s", session, turn).isEqualTo("COMPLETED");
      }
    }
  }

  private static List<String> submitTurns(BatonApi api, TestIds ids, int count) {
    List<String> sessions = IntStream.range(0, count).mapToObj(i -> ids.sessionId()).toList();
    for (String session : sessions) {
      assertThat(api.submitUntilDecided(session, "t-1", SCRIPT, null, 0).accepted()).isTrue();
    }
    return sessions;
  }
}
