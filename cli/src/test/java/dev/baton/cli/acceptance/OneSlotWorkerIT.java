package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker with one slot, and so one share consumer, behind an exactly-once coordinator. Every
 * assignment the coordinator writes ends a transaction, so after each step the consumer's next
 * fetch acquires nothing but the transaction marker. In Kafka 4.4 that ends the consumer's fetching
 * until its next poll call; the SDK's poll watch sees the {@code GAP} acknowledgement and wakes the
 * poll so that it fetches again.
 *
 * <p>The worker is given {@code fetch.max.wait.ms} of 30 s, so neither of the other ways out of
 * such a wait (the watch's quiet limit, about a minute, and the poll's own limit, a minute) could
 * end it within a turn's 20 s wait: every turn completing shows that the watch did.
 */
@BatonStackTest
class OneSlotWorkerIT {

  private static final int TURNS = 8;
  private static final int TURN_WAIT_SECONDS = 20;

  @TempDir Path dir;

  @Test
  void shouldRunEveryTurnOfAOneSlotWorkerBehindTransactions(StackAddresses stack, TestIds ids) {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      fleet.startWorker(
          "one-slot",
          b -> b.maxInFlight(1).kafkaProperty("fetch.max.wait.ms", "30000").agent(new EchoAgent()));
      BatonApi api = fleet.api(0);
      String sessionId = ids.sessionId();

      for (int t = 1; t <= TURNS; t++) {
        BatonApi.Reply reply =
            api.submit(sessionId, "t-" + t, "echo " + t, null, TURN_WAIT_SECONDS);

        assertThat(reply.status()).as("turn %d: %s", t, reply).isEqualTo(200);
        assertThat(reply.turnStatus()).as("turn %d: %s", t, reply).isEqualTo("COMPLETED");
      }
    }
  }
}
