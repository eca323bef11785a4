package dev.baton.cli.chaos;

import dev.baton.cli.chaos.SessionLogCheck.Entry;
import dev.baton.cli.chaos.Violation.Invariant;
import dev.baton.schemas.avro.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the tools' journal: no write overlaps another call of its turn or a write of another turn,
 * and no call runs again after the run whose result the coordinator accepted.
 */
final class ToolRunCheck {

  private final Consumer<Violation> out;

  ToolRunCheck(Consumer<Violation> out) {
    this.out = out;
  }

  /** Checks every pair of runs of each session for an overlap with a write. */
  void overlaps(List<ToolRun> runs) {
    Map<String, List<ToolRun>> bySession =
        runs.stream().collect(Collectors.groupingBy(ToolRun::sessionId));
    bySession.forEach(
        (session, sessionRuns) -> {
          for (int i = 0; i < sessionRuns.size(); i++) {
            for (int j = i + 1; j < sessionRuns.size(); j++) {
              overlap(session, sessionRuns.get(i), sessionRuns.get(j));
            }
          }
        });
  }

  private void overlap(String session, ToolRun a, ToolRun b) {
    if (!a.overlaps(b) || !(a.isWrite() || b.isWrite())) {
      return;
    }
    if (a.turnId().equals(b.turnId())) {
      out.accept(new Violation(Invariant.WRITE_OVERLAP, session, a + " overlaps " + b));
    } else if (a.isWrite() && b.isWrite()) {
      out.accept(
          new Violation(Invariant.WRITE_OVERLAP_ACROSS_TURNS, session, a + " overlaps " + b));
    }
  }

  /**
   * Checks that every accepted tool result of {@code session} comes from a run of its own call, and
   * that no run of that call started after that run finished.
   */
  void reruns(String session, List<Entry> accepted, List<ToolRun> runs) {
    Map<Long, ToolRun> byId =
        runs.stream().collect(Collectors.toMap(ToolRun::runId, Function.identity()));
    for (Entry entry : accepted) {
      ToolResult result = entry.message().getToolResult();
      ToolRun run = byId.get(ToolRun.runIdOf(result.getContent()));
      if (run == null) {
        continue; // a synthetic result the coordinator wrote for a call that did not finish
      }
      if (!run.sessionId().equals(session)
          || !run.turnId().equals(entry.turnId())
          || !run.callId().equals(result.getCallId())) {
        out.accept(
            new Violation(
                Invariant.FOREIGN_RESULT_ACCEPTED,
                session,
                "the result at seq "
                    + entry.seq()
                    + " for call "
                    + result.getCallId()
                    + " of turn "
                    + entry.turnId()
                    + " is from "
                    + run));
        continue;
      }
      runs.stream()
          .filter(r -> r.runId() != run.runId() && r.sessionId().equals(session))
          .filter(r -> r.turnId().equals(run.turnId()) && r.callId().equals(run.callId()))
          .filter(r -> !r.startedAt().isBefore(run.finishedAt()))
          .forEach(
              again ->
                  out.accept(
                      new Violation(
                          Invariant.RERUN_AFTER_ACCEPT,
                          session,
                          again + " started after the accepted " + run)));
    }
  }
}
