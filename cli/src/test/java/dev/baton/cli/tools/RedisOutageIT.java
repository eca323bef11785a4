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
 * live in it: every accepted turn still ends within the turn deadline, because the tools give up on
 * the dead Redis in seconds and free their worker slots, and once Redis is back, new turns
 * complete.
 */
@BatonStackTest
class RedisOutageIT {

  private static final Logger log = LoggerFactory.getLogger(RedisOutageIT.class);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** The timer interval, a lease check and the HTTP round trips on a busy machine. */
  private static final Duration SLACK = Duration.ofSeconds(15);

  private static final int SESSIONS = 12;
  private static final String SCRIPT = "tools: write a=x, read a, list, read a, write b=y, read b";
  private static final Set<String> TERMINAL =
      Set.of("COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED");

  @Test
  void shouldEndEveryTurnWithinTheDeadlineWhenRedisDiesAndCompleteTurnsOnceItIsBack(
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
      NotesTools notes = NotesTools.create(redisUri, Duration.ofMillis(200));
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
          .until(() -> sessions.stream().anyMatch(s -> "COMPLETED".equals(status(api, s, "t-1"))));

      redis.close();
      Instant killed = Instant.now();
      Map<String, String> ended = new ConcurrentHashMap<>();
      await()
          .atMost(DEADLINE.plus(SLACK))
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

  private static String status(BatonApi api, String session, String turnId) {
    BatonApi.Reply turn = api.turn(session, turnId);
    return turn.status() == 200 ? turn.turnStatus() : "UNKNOWN";
  }
}
