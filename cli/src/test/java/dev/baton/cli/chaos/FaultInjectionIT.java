package dev.baton.cli.chaos;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault-injection checker: for each seed, a random workload ({@link Workloads}) of tool turns
 * and injected faults ({@link Fault}) runs on a fresh coordinator and workers on the shared stack;
 * once every accepted turn has ended (or the wait ran out), the topics and the tools' journal are
 * checked against the {@link Invariants}. A failing seed names itself and the command that replays
 * it. {@code ./mvnw verify} runs {@link ChaosSettings#CI_SEEDS}; a soak runs as many as asked:
 *
 * <pre>
 * ./mvnw -B verify -pl cli -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FaultInjectionIT -Dbaton.soak.seeds=50 -Dbaton.chaos.faults=all
 * </pre>
 */
@BatonStackTest
class FaultInjectionIT {

  private static final Logger log = LoggerFactory.getLogger(FaultInjectionIT.class);

  @TempDir Path dir;

  private final List<RunSummary> summaries = new ArrayList<>();

  @TestFactory
  Stream<DynamicTest> shouldKeepEveryInvariantUnderRandomWorkloadsAndFaults(StackAddresses stack) {
    ChaosSettings settings = ChaosSettings.fromProperties();
    log.info(
        "Fault-injection checker: seeds {}, {} operations each, faults {}",
        settings.seeds(),
        settings.ops(),
        settings.faultSets());
    Stream<DynamicTest> runs =
        settings.seeds().stream()
            .flatMap(
                seed ->
                    settings.faultSets().stream()
                        .map(
                            faults ->
                                dynamicTest(
                                    "seed " + seed + " " + Fault.spec(faults),
                                    () -> runSeed(stack, settings, seed, faults))));
    return Stream.concat(runs, Stream.of(dynamicTest("tally", this::tally)));
  }

  private void runSeed(StackAddresses stack, ChaosSettings settings, long seed, Set<Fault> faults) {
    Workload workload = Workloads.generate(seed, faults, settings.ops());
    long started = System.nanoTime();
    Observations seen =
        ChaosRun.run(
            workload,
            stack,
            TestIds.forTest("chaos-" + seed),
            dir.resolve("seed-" + seed + "-" + summaries.size()));
    List<Violation> violations = Invariants.check(seen);
    RunSummary summary =
        RunSummary.of(workload, seen, Duration.ofNanos(System.nanoTime() - started), violations);
    synchronized (summaries) {
      summaries.add(summary);
    }
    log.info("{}", summary);
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "seed "
              + seed
              + " with faults "
              + Fault.spec(faults)
              + " broke "
              + violations.size()
              + " invariant(s):\n  "
              + String.join("\n  ", violations.stream().limit(30).map(Violation::toString).toList())
              + "\nworkload: "
              + workload.ops()
              + "\nreplay: "
              + settings.replayCommand(seed, faults));
    }
  }

  /** Logs what every seed ran and found, by invariant. */
  private void tally() {
    Map<String, List<String>> byInvariant = new TreeMap<>();
    long actions = 0;
    long turns = 0;
    for (RunSummary summary : summaries) {
      actions += summary.actions();
      turns += summary.count("TurnAccepted");
      summary.violations().stream()
          .map(v -> v.invariant().name())
          .distinct()
          .forEach(
              name ->
                  byInvariant
                      .computeIfAbsent(name, k -> new ArrayList<>())
                      .add(summary.seed() + " " + Fault.spec(summary.faults())));
    }
    log.info(
        "Fault-injection tally: {} seed(s), {} operations, {} turns accepted; seeds by invariant broken: {}",
        summaries.size(),
        actions,
        turns,
        byInvariant);
  }
}
