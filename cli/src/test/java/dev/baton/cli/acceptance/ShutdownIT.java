package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM stops {@code baton dev}, a coordinator and a worker within {@link #STOP_WITHIN}, with
 * turns in flight; a stopped worker's work goes back to the fleet and its turns complete.
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
