package dev.baton.worker.lock;

import dev.baton.worker.OperationClass;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds lock requests for one step in tests: classes are written as letters, "RRW". */
record Steps(String sessionId, String turnId, int step, long token, List<OperationClass> classes) {

  /** A step of a new session, turn 1, step 0, token 1, with classes such as {@code "RRWR"}. */
  static Steps of(String letters) {
    return new Steps("session-" + UUID.randomUUID(), "turn-1", 0, 1, classes(letters));
  }

  /** The same step under another fencing token (a new attempt). */
  Steps withToken(long newToken) {
    return new Steps(sessionId, turnId, step, newToken, classes);
  }

  /** The request of call {@code index}. */
  LockRequest call(int index) {
    return new LockRequest(sessionId, turnId, step, token, index, classes);
  }

  static List<OperationClass> classes(String letters) {
    List<OperationClass> classes = new ArrayList<>(letters.length());
    for (char c : letters.toCharArray()) {
      classes.add(c == 'R' ? OperationClass.READ : OperationClass.WRITE);
    }
    return classes;
  }
}
