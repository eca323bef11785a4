package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryChecker;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue #3): a plain Kafka consumer with the project's serde reads a session's whole
 * history from the compacted history topic, and it equals what the API returns.
 */
@BatonStackTest
class HistoryTopicIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldReadTheSameHistoryFromTheTopicAsFromTheApi(
      StackAddresses stack, TestIds ids, @TempDir Path dir) {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(3).start();
        TopicReader topics = new TopicReader(stack, fleet.layout())) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      String neighbour = ids.sessionId();
      for (int i = 1; i <= 6; i++) {
        complete(api, session, "t-" + i, "message " + i + " of " + session);
        if (i % 2 == 0) {
          complete(api, neighbour, "n-" + i, "message " + i + " of " + neighbour);
        }
      }

      List<HistoryMessage> viaApi = api.history(session);
      List<HistoryChecker.Turn> turns =
          HistoryChecker.forAgent(EchoAgent::answerTo).check(session, viaApi, api.events(session));
      assertThat(turns)
          .extracting(HistoryChecker.Turn::turnId)
          .containsExactly("t-1", "t-2", "t-3", "t-4", "t-5", "t-6");
      assertThat(viaApi).hasSize(12);
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(topics.catchUp().history(session)).isEqualTo(viaApi));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(topics.catchUp().history(neighbour))
                      .isEqualTo(api.history(neighbour)));
      assertThat(topics.history(neighbour)).hasSize(6);
    }
  }

  private static void complete(BatonApi api, String session, String turnId, String input) {
    BatonApi.Reply reply = api.submitUntilDecided(session, turnId, input, "reject", 10);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.turnStatus()).isEqualTo("COMPLETED");
    assertThat(reply.text("answer")).isEqualTo(EchoAgent.answerTo(input));
  }
}
