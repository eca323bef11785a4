package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of messages on the real stack: the first starts a turn with a debounce, the rest are sent
 * with {@code onBusy=merge} while its first step waits; the echo agent's one answer lists them all,
 * and each is a user message of its own in the history, in the order sent.
 */
@BatonStackTest
class DebounceBurstIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Long enough for the burst's requests to come in before the first step goes out. */
  private static final int DEBOUNCE_MS = 3_000;

  @Test
  void shouldAnswerTheWholeBurstInOneTurn(StackAddresses stack, TestIds ids, @TempDir Path dir)
      throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).start()) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      BatonApi.Reply first = submit(api, session, "b-1", "hi", DEBOUNCE_MS);
      assertThat(first.status()).as(first.toString()).isEqualTo(202);
      assertThat(first.turnStatus()).isEqualTo("RUNNING");
      for (String[] message :
          List.of(new String[] {"b-2", "order 4711"}, new String[] {"b-3", "is late"})) {
        BatonApi.Reply joined = submit(api, session, message[0], message[1], 0);
        assertThat(joined.text("joinedTurnId")).as(joined.toString()).isEqualTo("b-1");
      }

      BatonApi.Reply done = api.submitUntilDecided(session, "b-1", "hi", "merge", 30);
      assertThat(done.turnStatus()).isEqualTo("COMPLETED");
      assertThat(done.text("answer")).isEqualTo("echo: hi | order 4711 | is late");
      assertThat(api.history(session))
          .extracting(HistoryMessage::content)
          .containsExactly("hi", "order 4711", "is late", "echo: hi | order 4711 | is late");
    }
  }

  private static BatonApi.Reply submit(
      BatonApi api, String session, String turnId, String input, int debounceMs) {
    ObjectNode body =
        JSON.createObjectNode().put("turnId", turnId).put("input", input).put("onBusy", "merge");
    if (debounceMs > 0) {
      body.put("debounceMs", debounceMs);
    }
    return api.send(
        api.request("/v1/sessions/" + session + "/turns")
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }
}
