package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryChecker;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance (issue #3): two coordinator instances with one application id: stop one; its sessions
 * go on in the other, history intact, and the API answers from either instance.
 */
@BatonStackTest
class CoordinatorFailoverIT {

  private static final Logger log = LoggerFactory.getLogger(CoordinatorFailoverIT.class);

  private static final int SESSIONS_PER_OWNER = 3;
  private static final int TURNS_BEFORE = 3;
  private static final int TURNS_AFTER = 3;
  private static final int WAIT_SECONDS = 30;
  private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldGoOnWithTheStoppedInstancesSessionsInTheOtherWithHistoryIntact(
      StackAddresses stack, TestIds ids, @TempDir Path dir) {
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).partitions(4).coordinators(2).start()) {
      List<BatonApi> apis = List.of(fleet.api(0), fleet.api(1));
      Map<String, Integer> owners = sessionsOwnedByEach(fleet, ids);
      HistoryChecker checker = HistoryChecker.forAgent(EchoAgent::answerTo);

      // Before: each session's turns go alternately through both instances; both answer alike.
      Map<String, List<String>> expectedTurns = new LinkedHashMap<>();
      int request = 0;
      for (String session : owners.keySet()) {
        List<String> turns = new ArrayList<>();
        for (int t = 1; t <= TURNS_BEFORE; t++) {
          String turnId = "t-" + t;
          complete(apis.get(request++ % 2), session, turnId);
          turns.add(turnId);
        }
        expectedTurns.put(session, turns);
        assertThat(apis.get(0).history(session)).isEqualTo(apis.get(1).history(session));
        assertThat(apis.get(0).events(session)).isEqualTo(apis.get(1).events(session));
      }
      Map<String, List<HistoryMessage>> before = new LinkedHashMap<>();
      owners.keySet().forEach(session -> before.put(session, apis.get(0).history(session)));

      // A turn of each of instance 1's sessions is running when instance 1 stops.
      List<String> stoppedOwners =
          owners.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).toList();
      for (String session : stoppedOwners) {
        BatonApi.Reply running =
            apis.get(1).submit(session, "in-flight", input(session, "in-flight", true), null, 0);
        assertThat(running.status()).as(running.toString()).isEqualTo(202);
        expectedTurns.get(session).add("in-flight");
      }
      String stopped = fleet.address(1);
      long stoppedAt = System.nanoTime();
      fleet.stopCoordinator(1);
      log.info("coordinator 1 ({}) stopped", stopped);

      // After: the survivor serves every session, the in-flight turns end, and new turns run.
      BatonApi survivor = apis.get(0);
      for (String session : stoppedOwners) {
        BatonApi.Reply ended =
            survivor.submitUntilDecided(
                session, "in-flight", input(session, "in-flight", true), null, WAIT_SECONDS);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(ended.turnStatus()).isEqualTo("COMPLETED");
      }
      await()
          .atMost(FAILOVER_TIMEOUT)
          .until(() -> owners.keySet().stream().allMatch(s -> survivor.session(s).status() == 200));
      log.info(
          "every session answered by the survivor {} ms after the stop",
          Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
      for (String session : owners.keySet()) {
        for (int t = TURNS_BEFORE + 1; t <= TURNS_BEFORE + TURNS_AFTER; t++) {
          String turnId = "t-" + t;
          complete(survivor, session, turnId);
          expectedTurns.get(session).add(turnId);
        }
      }

      for (String session : owners.keySet()) {
        BatonApi.Reply state = survivor.session(session);
        assertThat(state.forwardedTo()).as("served by the survivor itself").isNull();
        List<HistoryMessage> history = survivor.history(session);
        List<HistoryChecker.Turn> turns = checker.check(session, history, survivor.events(session));
        assertThat(turns)
            .extracting(HistoryChecker.Turn::turnId)
            .as(session)
            .isEqualTo(expectedTurns.get(session));
        assertThat(history)
            .as("history before the stop is intact")
            .startsWith(before.get(session).toArray(HistoryMessage[]::new));
      }
    }
  }

  /**
   * {@link #SESSIONS_PER_OWNER} sessions owned by each instance, found by asking instance 0: a
   * session it forwards is instance 1's. Both instances must agree.
   */
  private static Map<String, Integer> sessionsOwnedByEach(BatonFleet fleet, TestIds ids) {
    BatonApi viaA = fleet.api(0);
    BatonApi viaB = fleet.api(1);
    String b = fleet.address(1);
    String a = fleet.address(0);
    Map<String, Integer> owners = new LinkedHashMap<>();
    int[] count = new int[2];
    for (int i = 0;
        i < 100 && (count[0] < SESSIONS_PER_OWNER || count[1] < SESSIONS_PER_OWNER);
        i++) {
      String session = ids.sessionId();
      BatonApi.Reply fromA = viaA.session(session);
      BatonApi.Reply fromB = viaB.session(session);
      assertThat(fromA.status()).as(fromA.toString()).isEqualTo(404);
      assertThat(fromB.status()).as(fromB.toString()).isEqualTo(404);
      int owner = b.equals(fromA.forwardedTo()) ? 1 : 0;
      assertThat(fromA.forwardedTo()).isEqualTo(owner == 1 ? b : null);
      assertThat(fromB.forwardedTo()).isEqualTo(owner == 0 ? a : null);
      if (count[owner] < SESSIONS_PER_OWNER) {
        count[owner]++;
        owners.put(session, owner);
      }
    }
    assertThat(count).containsExactly(SESSIONS_PER_OWNER, SESSIONS_PER_OWNER);
    return owners;
  }

  private static void complete(BatonApi api, String session, String turnId) {
    String input = input(session, turnId, false);
    BatonApi.Reply reply = api.submitUntilDecided(session, turnId, input, "reject", WAIT_SECONDS);
    assertThat(reply.status()).as("%s %s: %s", session, turnId, reply).isEqualTo(200);
    assertThat(reply.turnStatus()).isEqualTo("COMPLETED");
    assertThat(reply.text("answer")).isEqualTo(EchoAgent.answerTo(input));
  }

  private static String input(String session, String turnId, boolean slow) {
    return (slow ? "sleep 300 " : "") + turnId + " of " + session;
  }
}
