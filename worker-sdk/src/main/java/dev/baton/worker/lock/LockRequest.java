package dev.baton.worker.lock;

import dev.baton.worker.OperationClass;
import java.util.List;
import java.util.Objects;

/**
 * Which turn lock a tool call needs: its step, the attempt's fencing token, its position in the
 * step and the classes of all calls of the step, as its {@code ToolCallAssignment} carries them.
 *
 * <pre>{@code
 * LockRequest request = new LockRequest(
 *     "session-1", "turn-7", 2, 41L, 1, List.of(READ, READ, WRITE));   // call 1, a READ
 * }</pre>
 *
 * @param sessionId the session; it is the hash tag of every key, so one session's keys share a
 *     cluster slot
 * @param turnId the turn
 * @param step the step of the turn, from 0
 * @param fencingToken the attempt's fencing token; an older token than the session's newest cannot
 *     acquire
 * @param index the call's position in the step, from 0
 * @param classes the operation classes of every call of the step, by index
 */
public record LockRequest(
    String sessionId,
    String turnId,
    int step,
    long fencingToken,
    int index,
    List<OperationClass> classes) {

  /** Checks the request and copies {@code classes}. */
  public LockRequest {
    requireNotBlank("sessionId", sessionId);
    requireNotBlank("turnId", turnId);
    classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
    if (step < 0 || fencingToken < 0) {
      throw new IllegalArgumentException(
          "step and fencingToken must not be negative, got step=%d fencingToken=%d"
              .formatted(step, fencingToken));
    }
    if (index < 0 || index >= classes.size()) {
      throw new IllegalArgumentException(
          "index must be from 0 to %d (the step has %d calls), got %d"
              .formatted(classes.size() - 1, classes.size(), index));
    }
  }

  /** The class of this call: a READ overlaps other READs, a WRITE runs alone. */
  public OperationClass operationClass() {
    return classes.get(index);
  }

  /** A short description for messages: session, turn, step, token and call. */
  public String describe() {
    return "call %d (%s) of session %s, turn %s, step %d, token %d"
        .formatted(index, operationClass(), sessionId, turnId, step, fencingToken);
  }

  private static void requireNotBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
