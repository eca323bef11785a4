package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The calls of a tool batch that wait for a person's approval ({@link ApprovalPolicy}).
 *
 * @param awaiting the indexes of the calls that wait for their approval, ascending
 * @param deadline when the calls still waiting are decided by {@link ApprovalPolicy#onTimeout()};
 *     empty if no call of the batch needed approval
 */
public record PendingApprovals(List<Integer> awaiting, Optional<Instant> deadline) {

  /** A batch none of whose calls needed approval. */
  public static final PendingApprovals NONE = new PendingApprovals(List.of(), Optional.empty());

  /** Null checks and an ascending copy. */
  public PendingApprovals {
    awaiting = List.copyOf(new TreeSet<>(awaiting));
    Objects.requireNonNull(deadline, "deadline");
    if (!awaiting.isEmpty() && deadline.isEmpty()) {
      throw new IllegalArgumentException(
          "calls " + awaiting + " await approval without a deadline");
    }
  }

  /** Whether the call at {@code index} waits for its approval. */
  public boolean awaits(int index) {
    return awaiting.contains(index);
  }

  /** The deadline of the calls that still wait, if any does. */
  public Optional<Instant> pendingDeadline() {
    return awaiting.isEmpty() ? Optional.empty() : deadline;
  }

  PendingApprovals with(int index, Instant until) {
    List<Integer> more = new java.util.ArrayList<>(awaiting);
    more.add(index);
    return new PendingApprovals(more, Optional.of(until));
  }

  PendingApprovals without(int index) {
    return new PendingApprovals(awaiting.stream().filter(i -> i != index).toList(), deadline);
  }
}
