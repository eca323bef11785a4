package dev.baton.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.acceptance.BatonFleet;
import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.EmbeddedRedis;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.TopologyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis is killed while a fleet runs tool turns whose tools (the example notes) and turn locks both
 * live in it: every turn in flight ends within seconds, long before its deadline, because the tools
 * give up on the dead Redis in seconds (the agent sees their errors and answers) and free their
 * worker slots; once Redis is back, new turns complete.
 */
@BatonStackTest
class RedisOutageIT {

  private static final Logger log = LoggerFactory.getLogger(RedisOutageIT.class);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /**
   * How long after Redis dies every turn must have ended: a few tool calls that each give up after
   * {@link NotesTools#REDIS_TIMEOUT}, plus the HTTP round trips on a busy machine. A tool that
   * waited for Lettuce's default command timeout (60 s) would hold its turn past this bound.
   */
  private static final Duration OUTAGE_BOUND = Duration.ofSeconds(25);

  private static final int SESSIONS = 12;
  private static final String SCRIPT = "tools: write a=x, read a, list, read a, write b=y, read b";
  private static final Set<String> TERMINAL =
      Set.of("COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED");

  @Test
  void shouldEndEveryTurnInSecondsWhenRedisDiesAndCompleteTurnsOnceItIsBack(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis().start();
    int port = redis.port();
    TopologyOptions topology =
        TopologyOptions.builder()
            .limits(SessionLimits.builder().turnDeadline(DEADLINE).build())
            .build();
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).workers(0).topology(topology).start()) {
      String redisUri = redis.uri();
      NotesTools notes = NotesTools.create(redisUri, Duration.ofMillis(500));
      for (int i = 0; i < 2; i++) {
        fleet.startWorker("notes-" + i, b -> notes.register(b.redis(redisUri).maxInFlight(4)));
      }
      BatonApi api = fleet.api(0);
      List<String> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> ids.sessionId()).toList();
      for (String session : sessions) {
        assertThat(api.submit(session, "t-1", SCRIPT, null, 0).accepted()).isTrue();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sessions.stream().allMatch(s -> started(status(api, s, "t-1"))));

      redis.close();
      Instant killed = Instant.now();
      long inFlight =
          sessions.stream().filter(s -> "RUNNING".equals(status(api, s, "t-1"))).count();
      assertThat(inFlight).as("turns running when Redis died").isGreaterThanOrEqualTo(SESSIONS / 2);
      Map<String, String> ended = new ConcurrentHashMap<>();
      await()
          .atMost(OUTAGE_BOUND)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                for (String session : sessions) {
                  String status = status(api, session, "t-1");
                  if (TERMINAL.contains(status)) {
                    ended.putIfAbsent(session, status);
                  }
                }
                return ended.size() == SESSIONS;
              });
      log.info(
          "All {} turns ended {} after Redis died: {}",
          SESSIONS,
          Duration.between(killed, Instant.now()),
          ended.values());
      assertThat(ended).as("no turn waited for its deadline").doesNotContainValue("TIMED_OUT");

      // Back on the same port: turns complete again, within the deadline (no slot is held by a
      // call still waiting for the dead Redis).
      redis = new EmbeddedRedis().start(port);
      List<String> again = new ArrayList<>(sessions.subList(0, 3));
      for (String session : again) {
        BatonApi.Reply reply =
            api.submitUntilDecided(session, "t-2", SCRIPT, null, (int) DEADLINE.toSeconds());
        assertThat(reply.turnStatus())
            .as("%s after Redis came back: %s", session, reply)
            .isEqualTo("COMPLETED");
      }
    } finally {
      redis.close();
    }
  }

  private static boolean started(String status) {
    return "RUNNING".equals(status) || TERMINAL.contains(status);
  }

  private static String status(BatonApi api, String session, String turnId) {
    BatonApi.Reply turn = api.turn(session, turnId);
    return turn.status() == 200 ? turn.turnStatus() : "UNKNOWN";
  }
}
