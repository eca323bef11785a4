package dev.baton.coordinator.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tool calls of one step while their results come in. All calls share one assignment (one
 * fencing token), because the Redis turn lock of the step is keyed by it.
 *
 * @param assignment the batch's assignment: the step that asked for the calls, attempt 1 and a new
 *     token
 * @param mode how the calls are dispatched
 * @param calls the calls by index
 * @param results the results received so far, in arrival order, at most one per call
 * @param dispatches how often each call (by index) was dispatched, at least 1
 */
public record ToolBatch(
    StepAttempt assignment,
    DispatchMode mode,
    List<ToolCall> calls,
    List<ToolResult> results,
    List<Integer> dispatches) {

  /** Null checks, defensive copies and consistency checks. */
  public ToolBatch {
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(mode, "mode");
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    dispatches = List.copyOf(dispatches);
    if (calls.isEmpty() || dispatches.size() != calls.size()) {
      throw new IllegalArgumentException(
          "a batch needs calls and a dispatch count per call, got "
              + calls.size()
              + " calls and "
              + dispatches.size()
              + " counts");
    }
  }

  static ToolBatch dispatched(StepAttempt assignment, DispatchMode mode, List<ToolCall> calls) {
    return new ToolBatch(
        assignment, mode, calls, List.of(), calls.stream().map(call -> 1).toList());
  }

  /** The call with {@code callId}, if the batch has it. */
  public Optional<ToolCall> call(String callId) {
    return calls.stream().filter(call -> call.callId().equals(callId)).findFirst();
  }

  /** The result of {@code callId}, if it came in. */
  public Optional<ToolResult> result(String callId) {
    return results.stream().filter(result -> result.callId().equals(callId)).findFirst();
  }

  /** Whether every call has its result. */
  public boolean isComplete() {
    return results.size() == calls.size();
  }

  /** The results in call order; complete batches only. */
  public List<ToolResult> resultsInCallOrder() {
    return calls.stream().map(call -> result(call.callId()).orElseThrow()).toList();
  }

  ToolBatch withResult(ToolResult result) {
    List<ToolResult> more = new ArrayList<>(results);
    more.add(result);
    return new ToolBatch(assignment, mode, calls, more, dispatches);
  }

  ToolBatch withRedispatched(int index) {
    List<Integer> counts = new ArrayList<>(dispatches);
    counts.set(index, counts.get(index) + 1);
    return new ToolBatch(assignment, mode, calls, results, counts);
  }
}
