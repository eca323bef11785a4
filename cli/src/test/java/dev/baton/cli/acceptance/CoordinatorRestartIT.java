package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way back after a crash, across processes: two coordinator JVMs and a worker JVM run sessions
 * turn after turn; one coordinator is killed with SIGKILL, the survivor serves all sessions, and
 * the killed one is started again on its own state directory. It must discard the state the crash
 * left (under exactly-once it has no committed offsets), warm up copies of its tasks while the
 * survivor keeps serving them, take its sessions back, and serve them; throughout, every turn
 * completes exactly once, as the {@link HistoryChecker} proves from the history and session-events
 * topics.
 */
@BatonStackTest
class CoordinatorRestartIT {

  private static final Logger log = LoggerFactory.getLogger(CoordinatorRestartIT.class);

  private static final int PARTITIONS = 6;
  private static final int SESSIONS = 48;
  private static final int CLIENTS = 8;
  private static final String RESTARTED = "coordinator-1";

  /**
   * How long the restarted instance may take to serve its sessions again: it takes its tasks back
   * at a probing rebalance, one a minute, once its copies caught up.
   */
  private static final Duration RETURN_TIMEOUT = Duration.ofSeconds(180);

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  @Test
  void shouldCompleteEveryTurnOnceWhileAKilledCoordinatorRestartsAndTakesItsSessionsBack(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    KillTests.withTwoCoordinatorsAndAWorker(
        log, stack, ids, PARTITIONS, SESSIONS, dir, deployment -> run(deployment, ids));
  }

  /**
   * Runs every session's turns through {@link #CLIENTS} clients until the killed coordinator,
   * restarted, served its sessions again and every client ran a round after that; returns the turns
   * completed.
   */
  private static int run(KillTests.Deployment deployment, TestIds ids) throws Exception {
    List<BatonProcess> processes = deployment.processes();
    BatonApi survivor = new BatonApi(processes.get(0).httpPort());
    AtomicReference<List<BatonApi>> up =
        new AtomicReference<>(List.of(survivor, new BatonApi(processes.get(1).httpPort())));
    BatonFleet.awaitOwnersKnown(up.get(), ids, PARTITIONS);
    List<String> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> ids.sessionId()).toList();
    try (SessionLoad load = SessionLoad.start(up::get, sessions, CLIENTS, RUN_TIMEOUT)) {
      load.awaitMore(SESSIONS);
      processes.get(1).kill();
      up.set(List.of(survivor));
      log.info("killed {} after {} turns", RESTARTED, load.completed());
      load.awaitMore(SESSIONS);

      BatonProcess restarted =
          BatonProcess.coordinator(
              RESTARTED,
              deployment.stack(),
              deployment.layout(),
              deployment.group(),
              deployment.dir());
      processes.set(1, restarted);
      restarted.awaitHealthy(KillTests.START_TIMEOUT);
      assertThat(restarted.log()).contains("did not close cleanly: its local state is discarded");
      BatonApi back = new BatonApi(restarted.httpPort());
      up.set(List.of(survivor, back));
      String served = awaitServesItself(back, sessions);
      log.info("{} serves {} itself again after {} turns", RESTARTED, served, load.completed());
      load.awaitEveryClientRound();
      return load.stop();
    }
  }

  /** Waits until {@code api}'s instance answers for one of {@code sessions} itself. */
  private static String awaitServesItself(BatonApi api, List<String> sessions) {
    return await()
        .atMost(RETURN_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> sessions.stream().filter(s -> BatonFleet.servesItself(api, s)).findFirst(),
            o -> o.isPresent())
        .orElseThrow();
  }
}
