package dev.baton.coordinator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A turn waiting for the active turn to end; also an input waiting to join a turn (steered into the
 * active turn, or merged into a queued one).
 *
 * @param turnId the turn
 * @param input the user's input, appended to the history when the turn starts
 * @param queuedAt when it was queued
 * @param deadline how long it may run once started; empty for {@link SessionLimits#turnDeadline()}
 * @param inputDigest the digest of {@code input}
 * @param merged inputs merged into the turn while it waits ({@link OnBusy#MERGE}), oldest first:
 *     each is appended as a user message of its own after the turn's input when it starts
 * @param metadata the client's metadata of the submit, given to each agent step of the turn
 */
public record QueuedTurn(
    String turnId,
    String input,
    Instant queuedAt,
    Optional<Duration> deadline,
    InputDigest inputDigest,
    List<QueuedTurn> merged,
    Map<String, String> metadata) {

  /** Null checks and defensive copies. */
  public QueuedTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(inputDigest, "inputDigest");
    merged = List.copyOf(merged);
    metadata = Map.copyOf(metadata);
  }

  /** A queued turn without metadata. */
  public QueuedTurn(
      String turnId,
      String input,
      Instant queuedAt,
      Optional<Duration> deadline,
      InputDigest inputDigest,
      List<QueuedTurn> merged) {
    this(turnId, input, queuedAt, deadline, inputDigest, merged, Map.of());
  }

  /** A queued turn nothing was merged into. */
  public QueuedTurn(
      String turnId,
      String input,
      Instant queuedAt,
      Optional<Duration> deadline,
      InputDigest inputDigest) {
    this(turnId, input, queuedAt, deadline, inputDigest, List.of());
  }

  /** A queued turn with the digest of its input. */
  public QueuedTurn(String turnId, String input, Instant queuedAt, Optional<Duration> deadline) {
    this(turnId, input, queuedAt, deadline, InputDigest.of(input));
  }

  /** A queued turn with the configured deadline. */
  public QueuedTurn(String turnId, String input, Instant queuedAt) {
    this(turnId, input, queuedAt, Optional.empty());
  }

  /** The digest of the input merged into this turn under {@code inputId}, if any. */
  Optional<InputDigest> mergedDigest(String inputId) {
    return merged.stream()
        .filter(input -> input.turnId().equals(inputId))
        .map(QueuedTurn::inputDigest)
        .findFirst();
  }

  /** This turn with {@code input} merged into it, last. */
  QueuedTurn withMerged(QueuedTurn input) {
    List<QueuedTurn> longer = new ArrayList<>(merged);
    longer.add(input);
    return new QueuedTurn(turnId, this.input, queuedAt, deadline, inputDigest, longer, metadata);
  }

  /**
   * This turn with its input, then each merged input, replaced by {@code change.apply(payload,
   * body)}; see {@link SessionState#withPayloads}.
   */
  QueuedTurn withPayloads(BiFunction<Payload, String, String> change) {
    String body = change.apply(new Payload.QueuedInput(turnId), input);
    List<QueuedTurn> inputs = merged.stream().map(input -> input.withPayloads(change)).toList();
    return new QueuedTurn(turnId, body, queuedAt, deadline, inputDigest, inputs, metadata);
  }
}
