package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.PrometheusText;
import dev.baton.cli.testkit.TestIds;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly-once a task commits as soon as its input goes quiet after it processed records,
 * whatever the commit interval, and only such a task asks; a task checks its timers only when one
 * may be due. So an idle coordinator's threads do not commit at all; nor do they poll at the
 * idle-commit check's pace once their input is quiet.
 */
@BatonStackTest
class IdleCommitIT {

  /** Kafka Streams' count of a stream thread's commits that committed at least one task. */
  private static final String COMMITS = "kafka_stream_thread_commit_total";

  /** Kafka Streams' count of a stream thread's polls. */
  private static final String POLLS = "kafka_stream_thread_poll_total";

  /**
   * The polls a second an idle stream thread may make: polls of the commit interval (20 ms) make
   * about 50, of the idle-commit check (1 ms) nearly a thousand.
   */
  private static final double IDLE_POLLS_PER_SECOND = 150;

  /** The longest commit interval the coordinator's 5 s transaction timeout allows, nearly. */
  private static final Duration LONG_INTERVAL = Duration.ofSeconds(4);

  private static final int TURNS = 5;

  /** The commits allowed in 2 s of idling: the last turn's task may still commit once. */
  private static final int IDLE_COMMITS = 4;

  @TempDir Path dir;

  @Test
  void shouldCommitEachTurnAtOnceThoughTheCommitIntervalIsLong(StackAddresses stack, TestIds ids)
      throws Exception {
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).commitInterval(LONG_INTERVAL).start()) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      assertThat(api.submitUntilDecided(session, "t-0", "warm up", null, 60).turnStatus())
          .isEqualTo("COMPLETED");

      long start = System.nanoTime();
      for (int i = 1; i <= TURNS; i++) {
        BatonApi.Reply reply = api.submit(session, "t-" + i, "hello", null, 30);
        assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
      }

      // Each turn is two transactions, each visible only once committed: waiting for the interval
      // would take about 4 s a turn.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG_INTERVAL);
    }
  }

  @Test
  void shouldNotCommitTheTasksOfAnIdleCoordinatorAtEveryInterval(StackAddresses stack, TestIds ids)
      throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).start()) {
      URI metrics = metricsAfterOneTurn(fleet, ids);
      double before = PrometheusText.scrape(metrics).sum(COMMITS);
      assertThat(before).as("the turn's commits are counted").isPositive();

      // Committing at every 20 ms interval would be about 200 commits in these 2 s for the two
      // threads; timer checks of the fleet's 6 tasks twice a second each would make about 24. The
      // session has no timer once its turn is done (no idle time to live by default).
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> PrometheusText.scrape(metrics).sum(COMMITS) - before <= IDLE_COMMITS);
    }
  }

  @Test
  void shouldNotPollAtTheIdleCommitChecksPaceWhileIdle(StackAddresses stack, TestIds ids)
      throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).start()) {
      URI metrics = metricsAfterOneTurn(fleet, ids);
      PrometheusText first = PrometheusText.scrape(metrics);
      double before = first.sum(POLLS);
      long threads = first.samples(POLLS).size();
      assertThat(threads).as("one poll count per stream thread").isPositive();
      long start = System.nanoTime();

      // The turn's last records keep the polls brief for a commit interval or so: 50 polls of
      // slack. At the idle-commit check's pace the threads would poll nearly 4,000 times in 2 s.
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                double seconds = (System.nanoTime() - start) / 1e9;
                double polls = PrometheusText.scrape(metrics).sum(POLLS) - before;
                return polls <= threads * (50 + IDLE_POLLS_PER_SECOND * seconds);
              });
    }
  }

  /** Runs one turn on {@code fleet}'s first instance; returns that instance's metrics address. */
  private static URI metricsAfterOneTurn(BatonFleet fleet, TestIds ids) throws Exception {
    BatonApi.Reply reply = fleet.api(0).submit(ids.sessionId(), "t-1", "hello", null, 60);
    assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
    return URI.create("http://" + fleet.address(0) + "/metrics");
  }
}
