package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.BatonCli;
import dev.baton.cli.CliRun;
import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.acceptance.BatonFleet;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.client.BatonClient;
import dev.baton.client.TurnEvent;
import dev.baton.client.TurnStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton stream} against real turns: a submitted turn rendered live, an ended one from its
 * start or after an event id, the exit codes of a completed, a cancelled and an unknown turn, and a
 * first {@code --url} that does not answer.
 */
@BatonStackTest
class StreamCommandIT {

  @Test
  void shouldRenderTurnsAndExitByHowTheyEnded(StackAddresses stack, TestIds ids, @TempDir Path dir)
      throws Exception {
    // One delta per emit, so that the third delta's id is the same in every run.
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).partitions(3).deltaLinger(Duration.ZERO).start()) {
      String url = "http://127.0.0.1:" + fleet.coordinator(0).httpPort();
      String session = ids.sessionId();

      CliRun submitted = stream(url, session, "t-1", "--submit", "stream 5 20", "--color", "never");
      assertThat(submitted.exitCode()).as(submitted.err()).isZero();
      assertThat(submitted.outLines().getFirst()).isEqualTo("· step 0");
      assertThat(submitted.outLines()).contains("0 1 2 3 4 ");
      assertThat(submitted.outLines().getLast()).startsWith("COMPLETED · 1 step · ");

      String dead = "http://127.0.0.1:" + FreePorts.pick();
      CliRun again = stream(dead + "," + url, session, "t-1", "--color", "never");
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).as("an ended turn, from its start").isEqualTo(submitted.out());

      List<TurnEvent> events = events(url, session, "t-1");
      String thirdDelta = events.get(4).id();
      CliRun after = stream(url, session, "t-1", "--after", thirdDelta, "--color", "never");
      assertThat(after.outLines()).containsExactly("3 4 ", after.outLines().getLast());
      CliRun afterEnd = stream(url, session, "t-1", "--after", events.getLast().id());
      assertThat(afterEnd.exitCode()).isZero();
      assertThat(afterEnd.outLines())
          .containsExactly("COMPLETED · no event after " + events.getLast().id());

      BatonApi api = fleet.api(0);
      assertThat(api.submitUntilDecided(session, "t-2", "sleep 30000 long", null, 0).status())
          .isEqualTo(202);
      assertThat(api.cancel(session, "t-2").status()).isEqualTo(200);
      CliRun cancelled = stream(url, session, "t-2", "--color", "never");
      assertThat(cancelled.exitCode()).isEqualTo(2);
      assertThat(cancelled.outLines().getLast()).startsWith("CANCELLED · ");

      CliRun unknown = stream(url, session, "nope");
      assertThat(unknown.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
      assertThat(unknown.err())
          .startsWith("baton stream: ")
          .contains("404")
          .contains("TURN_NOT_FOUND");
    }
  }

  private static CliRun stream(String url, String session, String turn, String... more) {
    List<String> args = new ArrayList<>(List.of("stream", session, turn, "--url", url));
    return CliRun.of(args, more);
  }

  private static List<TurnEvent> events(String url, String session, String turn) {
    List<TurnEvent> events = new ArrayList<>();
    try (BatonClient client = BatonClient.create(URI.create(url));
        TurnStream stream = client.stream(session, turn)) {
      stream.forEachRemaining(events::add);
    }
    return events;
  }
}
