package dev.baton.cli.chaos;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * What the checker runs, from system properties:
 *
 * <ul>
 *   <li>{@code baton.chaos.seed=N}: replay seed N only;
 *   <li>{@code baton.soak.seeds=N}: a soak of N seeds, from {@code baton.chaos.firstSeed} (random
 *       unless set) on;
 *   <li>neither: the {@link #CI_SEEDS} seeds;
 *   <li>{@code baton.chaos.ops=N}: operations per seed, {@value #DEFAULT_OPS} by default;
 *   <li>{@code baton.chaos.faults=...}: the faults, see {@link Fault#PROPERTY}; {@code each} runs
 *       every seed once for each fault alone, to tell which fault breaks what.
 * </ul>
 *
 * @param seeds the seeds to run, in order
 * @param ops operations per seed
 * @param faultSets the sets of faults each seed runs with, one run per set
 */
record ChaosSettings(List<Long> seeds, int ops, List<Set<Fault>> faultSets) {

  /** The seeds {@code ./mvnw verify} runs. */
  static final List<Long> CI_SEEDS = List.of(1L, 2L, 3L);

  /** Operations per seed by default (pauses included). */
  static final int DEFAULT_OPS = 40;

  static ChaosSettings fromProperties() {
    String spec = System.getProperty(Fault.PROPERTY, "");
    List<Set<Fault>> faults =
        spec.strip().equals("each")
            ? Arrays.stream(Fault.values()).map(f -> (Set<Fault>) EnumSet.of(f)).toList()
            : List.of(Fault.parse(spec));
    int ops = Integer.getInteger("baton.chaos.ops", DEFAULT_OPS);
    String seed = System.getProperty("baton.chaos.seed", "").strip();
    if (!seed.isEmpty()) {
      return new ChaosSettings(List.of(Long.parseLong(seed)), ops, faults);
    }
    int soak = Integer.getInteger("baton.soak.seeds", 0);
    if (soak > 0) {
      long first = Long.getLong("baton.chaos.firstSeed", new Random().nextInt(1_000_000));
      return new ChaosSettings(LongStream.range(first, first + soak).boxed().toList(), ops, faults);
    }
    return new ChaosSettings(CI_SEEDS, ops, faults);
  }

  /** The command that runs {@code seed} again with {@code faults} and these operations. */
  String replayCommand(long seed, Set<Fault> faults) {
    return "./mvnw -B verify -pl cli -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dit.test=FaultInjectionIT -Dfailsafe.failIfNoSpecifiedTests=false"
        + " -Dbaton.chaos.seed="
        + seed
        + " -Dbaton.chaos.ops="
        + ops
        + " -Dbaton.chaos.faults="
        + Fault.spec(faults);
  }
}
