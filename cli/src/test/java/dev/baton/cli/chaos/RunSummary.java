package dev.baton.cli.chaos;

import dev.baton.cli.testkit.EventSummary;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.SessionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The figures of one seed's run, for the log and the soak's tally.
 *
 * @param seed the seed
 * @param faults the faults it injected
 * @param actions the operations other than pauses
 * @param ops how many operations of each kind it ran
 * @param events how many events of each type the workload's sessions got
 * @param toolRuns how many tool handler runs the workers made
 * @param took how long the run took, fleet start to check
 * @param violations what the checker found
 */
record RunSummary(
    long seed,
    Set<Fault> faults,
    long actions,
    Map<String, Long> ops,
    Map<String, Long> events,
    int toolRuns,
    Duration took,
    List<Violation> violations) {

  static RunSummary of(
      Workload workload, Observations seen, Duration took, List<Violation> violations) {
    Map<String, Long> counts = new TreeMap<>();
    for (String session : seen.sessions()) {
      for (SessionEvent event : seen.events().getOrDefault(session, List.of())) {
        if (event.getBody() instanceof RecordRejected) {
          continue; // counted with those of other keys below
        }
        counts.merge(((SpecificRecord) event.getBody()).getSchema().getName(), 1L, Long::sum);
      }
    }
    seen.events().values().stream()
        .flatMap(List::stream)
        .filter(e -> e.getBody() instanceof RecordRejected)
        .forEach(e -> counts.merge("RecordRejected", 1L, Long::sum));
    Map<String, Long> ops = new TreeMap<>();
    workload.ops().forEach(op -> ops.merge(opName(op), 1L, Long::sum));
    return new RunSummary(
        workload.seed(),
        workload.faults(),
        workload.actions(),
        ops,
        counts,
        seen.runs().size(),
        took,
        violations);
  }

  private static String opName(Op op) {
    return switch (op) {
      case Op.Submit s -> "Submit/" + s.onBusy();
      case Op.Resubmit r -> r.sameInput() ? "Duplicate" : "ReusedTurnId";
      case Op.Cancel c -> c.kill() ? "Kill" : "Cancel";
      case Op.RawSubmit r -> r.wrongPartition() ? "WrongPartition" : "SkewedSubmit";
      default -> op.getClass().getSimpleName();
    };
  }

  long count(String type) {
    return events.getOrDefault(type, 0L);
  }

  long endedOtherwise() {
    return EventSummary.TURN_ENDS.stream()
        .filter(t -> !t.equals("TurnCompleted"))
        .mapToLong(this::count)
        .sum();
  }

  @Override
  public String toString() {
    return "seed "
        + seed
        + " ("
        + Fault.spec(faults)
        + "): "
        + actions
        + " operations "
        + ops
        + ", "
        + count("TurnAccepted")
        + " turns accepted, "
        + count("TurnCompleted")
        + " completed, "
        + endedOtherwise()
        + " ended otherwise, "
        + toolRuns
        + " tool runs, "
        + count("SessionExpired")
        + " expiries, "
        + count("RecordRejected")
        + " records refused, "
        + took.toSeconds()
        + " s, "
        + violations.size()
        + " violation(s)";
  }
}
