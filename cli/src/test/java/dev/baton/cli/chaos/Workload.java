package dev.baton.cli.chaos;

import java.util.List;
import java.util.Set;

/**
 * What one seed runs: a few sessions and workers, and a list of operations on them.
 *
 * @param seed the seed it was generated from
 * @param faults the faults it may inject
 * @param sessions how many sessions it uses
 * @param workers how many ordinary workers it starts
 * @param ops the operations, in order
 */
public record Workload(long seed, Set<Fault> faults, int sessions, int workers, List<Op> ops) {

  public Workload {
    faults = Set.copyOf(faults);
    ops = List.copyOf(ops);
  }

  /** How many operations are not pauses. */
  public long actions() {
    return ops.stream().filter(op -> !(op instanceof Op.Pause)).count();
  }

  /** Whether {@code fault} is switched on. */
  public boolean has(Fault fault) {
    return faults.contains(fault);
  }
}
