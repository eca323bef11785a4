package dev.baton.coordinator.session;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Which tool calls wait for a person's approval before they are dispatched, and for how long.
 *
 * <p>A call needs approval if its tool is named in {@code tools} (the operator's configuration) or
 * the worker that asked for it declared the tool as needing approval. Its approval has a deadline
 * {@code timeout} after the call was asked for; at the deadline an undecided call is denied, or its
 * turn fails, as {@code onTimeout} says. The turn's own deadline still applies: a turn that may
 * wait longer for a person needs a longer one.
 *
 * <pre>{@code
 * ApprovalPolicy policy =
 *     new ApprovalPolicy(Set.of("deploy"), Duration.ofHours(1), ApprovalTimeout.DENY);
 * policy.needsApproval(new ToolCallRequest("c1", "deploy", "{}", Optional.empty(), false)); // true
 * }</pre>
 *
 * @param tools the names of the tools whose calls always need approval
 * @param timeout how long a call waits for its approval, more than zero
 * @param onTimeout what happens to a call that is still waiting at its deadline
 */
public record ApprovalPolicy(Set<String> tools, Duration timeout, ApprovalTimeout onTimeout) {

  /**
   * Who may decide an approval, as {@link SessionEvent.ToolCallAwaitingApproval} names them: a
   * caller of the session's tenant whose token has this scope.
   */
  public static final String APPROVERS = "turns:write";

  /**
   * The default wait for an approval: five minutes, within the default turn deadline ({@link
   * SessionLimits#DEFAULT_TURN_DEADLINE}), which still applies to a turn that waits.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** No configured tools; a worker's declaration still counts. Denied after five minutes. */
  public static final ApprovalPolicy DEFAULTS =
      new ApprovalPolicy(Set.of(), DEFAULT_TIMEOUT, ApprovalTimeout.DENY);

  /** What happens to a call whose approval did not come by its deadline. */
  public enum ApprovalTimeout {
    /** The call is denied: its result is an error that says so, and the turn goes on. */
    DENY,
    /** The turn fails with {@link FailureCode#APPROVAL_EXPIRED}. */
    FAIL_TURN
  }

  /** Null and range checks, a defensive copy. */
  public ApprovalPolicy {
    tools = Set.copyOf(tools);
    if (tools.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("tool names must not be blank, got " + tools);
    }
    Objects.requireNonNull(onTimeout, "onTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the approval timeout must be positive, got " + timeout);
    }
  }

  /** Whether {@code call} waits for an approval before it is dispatched. */
  public boolean needsApproval(ToolCallRequest call) {
    return call.needsApproval() || tools.contains(call.name());
  }
}
