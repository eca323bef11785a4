package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.topology.ProcessingMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A measurement, not a test: the latency of a whole turn as a client sees it, {@code POST
 * /v1/sessions/{id}/turns?wait=5} until the 200 with the echo worker's answer, for {@value #TURNS}
 * sequential turns of one session after {@value #WARM_UP} warm-up turns, in each processing mode
 * (each with fresh topics and application id). It prints p50, p95 and p99 and asserts nothing about
 * them.
 *
 * <p>Disabled unless {@code -Dbaton.probe=true}; its name keeps it out of failsafe's default
 * includes as well:
 *
 * <pre>
 * ./mvnw -B -q -o verify -pl cli -am -Dtest=NONE -Dit.test=TurnLatencyProbe \
 *     -Dbaton.probe=true -Dsurefire.failIfNoSpecifiedTests=false
 * grep 'turn latency' coordinator/target/failsafe-reports/*TurnLatencyProbe-output.txt
 * </pre>
 */
@BatonStackTest
@EnabledIfSystemProperty(named = "baton.probe", matches = "true")
class TurnLatencyProbe {

  private static final int WARM_UP = 20;
  private static final int TURNS = 200;

  @ParameterizedTest
  @EnumSource(ProcessingMode.class)
  void measureSequentialTurnLatency(ProcessingMode mode, StackAddresses stack, @TempDir Path dir) {
    TestIds ids = TestIds.forTest("latency-" + mode.name());
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir).partitions(2).processingMode(mode).start()) {
      BatonApi api = fleet.api(0);
      String session = ids.sessionId();
      long[] micros = new long[TURNS];
      for (int i = 0; i < WARM_UP + TURNS; i++) {
        String input = "turn " + i;
        long start = System.nanoTime();
        BatonApi.Reply reply = api.submit(session, "t-" + i, input, "reject", 5);
        long elapsed = (System.nanoTime() - start) / 1_000;
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        if (i >= WARM_UP) {
          micros[i - WARM_UP] = elapsed;
        }
      }
      Arrays.sort(micros);
      String line =
          String.format(
              Locale.ROOT,
              "turn latency %s: n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms",
              mode,
              TURNS,
              percentile(micros, 50),
              percentile(micros, 95),
              percentile(micros, 99),
              micros[TURNS - 1] / 1000.0);
      System.out.println(line);
    }
  }

  /** The nearest-rank percentile of sorted microseconds, in milliseconds. */
  private static double percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1000.0;
  }
}
