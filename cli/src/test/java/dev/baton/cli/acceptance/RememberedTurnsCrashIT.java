package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.topology.TurnPages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's remembered turns survive the crash of the coordinator that ran them: two coordinator
 * JVMs and a worker JVM; a session of the victim runs more turns than one page of the turns store
 * holds, the victim is killed with SIGKILL, and on the survivor, which restored the session from
 * the changelogs, a repeat of the session's first turn is answered with its end and runs nothing,
 * the same id with another input is refused, and the session lists every turn it ran.
 */
@BatonStackTest
class RememberedTurnsCrashIT {

  private static final Logger log = LoggerFactory.getLogger(RememberedTurnsCrashIT.class);

  private static final int PARTITIONS = 2;
  private static final int TURNS = TurnPages.PAGE_TURNS + 6;
  private static final int WAIT_SECONDS = 30;
  private static final Duration TAKE_OVER_TIMEOUT = Duration.ofSeconds(120);

  @Test
  @Timeout(600)
  void shouldAnswerARepeatOfAnEarlyTurnOnTheSurvivorAfterTheOwnerIsKilled(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    KillTests.withTwoCoordinators(
        log,
        stack,
        ids,
        PARTITIONS,
        dir,
        deployment -> {
          deployment.addWorker("worker");
          run(deployment.processes().get(0), deployment.processes().get(1), ids);
        });
  }

  private static void run(BatonProcess survivor, BatonProcess victim, TestIds ids) {
    BatonApi survivorApi = new BatonApi(survivor.httpPort());
    BatonApi victimApi = new BatonApi(victim.httpPort());
    BatonFleet.awaitOwnersKnown(List.of(survivorApi, victimApi), ids, PARTITIONS);
    String session = BatonFleet.unusedSessionOwnedBy(survivorApi, victim.address(), ids);
    for (int n = 1; n <= TURNS; n++) {
      BatonApi.Reply reply =
          victimApi.submitUntilDecided(session, "turn-" + n, input(n), null, WAIT_SECONDS);
      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
    }
    int messages = victimApi.history(session).size();

    victim.kill();
    await()
        .atMost(TAKE_OVER_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> BatonFleet.servesItself(survivorApi, session));

    BatonApi.Reply repeat =
        survivorApi.submitUntilDecided(session, "turn-1", input(1), null, WAIT_SECONDS);
    assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
    assertThat(repeat.turnStatus()).isEqualTo("COMPLETED");
    BatonApi.Reply reused =
        survivorApi.submitUntilDecided(session, "turn-2", "another input", null, 0);
    assertThat(reused.status()).as(reused.toString()).isEqualTo(409);
    assertThat(reused.problemCode()).isEqualTo("TURN_ID_REUSED");
    assertThat(survivorApi.history(session)).as("nothing ran again").hasSize(messages);
    assertThat(survivorApi.session(session).json().path("recentTurns"))
        .as("the turns the session remembers")
        .hasSize(TURNS);
  }

  private static String input(int n) {
    return "hello " + n;
  }
}
