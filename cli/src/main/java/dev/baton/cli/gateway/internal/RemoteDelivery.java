package dev.baton.cli.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.worker.DeltaKind;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * One agent step or tool call handed to a remote worker: what the worker receives, its heartbeats,
 * whether its turn was cancelled, and the outcome the worker posts.
 */
final class RemoteDelivery {

  private final String id;
  private final Work work;
  private final ObjectNode assignment;
  private final Optional<BiConsumer<DeltaKind, String>> deltas;
  private final CompletableFuture<Void> claimed = new CompletableFuture<>();
  private final CompletableFuture<Object> outcome = new CompletableFuture<>();
  private final AtomicReference<EndReason> end = new AtomicReference<>();
  private volatile long lastHeartbeatNanos;
  private volatile boolean cancelled;

  /**
   * @param id the delivery id
   * @param work what kind of remote worker may claim it
   * @param assignment the JSON the worker receives, without the delivery's own fields
   * @param deltas where streamed text goes, with its kind (agent steps), or empty
   */
  RemoteDelivery(
      String id, Work work, ObjectNode assignment, Optional<BiConsumer<DeltaKind, String>> deltas) {
    this.id = Objects.requireNonNull(id, "id");
    this.work = Objects.requireNonNull(work, "work");
    this.assignment = Objects.requireNonNull(assignment, "assignment");
    this.deltas = Objects.requireNonNull(deltas, "deltas");
  }

  String id() {
    return id;
  }

  Work work() {
    return work;
  }

  ObjectNode assignment() {
    return assignment;
  }

  Optional<BiConsumer<DeltaKind, String>> deltas() {
    return deltas;
  }

  /** Completed when a remote worker claims the delivery. */
  CompletableFuture<Void> claimed() {
    return claimed;
  }

  /** Completed with the parsed result, or exceptionally with the worker's failure. */
  CompletableFuture<Object> outcome() {
    return outcome;
  }

  /**
   * Ends the delivery for {@code reason} unless it has ended already: of a result, a failure, a
   * missed heartbeat and an interrupt, only the first counts.
   *
   * @return whether this call ended it
   */
  boolean finish(EndReason reason) {
    return end.compareAndSet(null, reason);
  }

  /** Why the delivery ended, if it has. */
  Optional<EndReason> endReason() {
    return Optional.ofNullable(end.get());
  }

  void heartbeat() {
    lastHeartbeatNanos = System.nanoTime();
  }

  long nanosSinceHeartbeat() {
    return System.nanoTime() - lastHeartbeatNanos;
  }

  void cancel() {
    cancelled = true;
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** What a remote worker must be able to do to claim a delivery. */
  sealed interface Work {

    /** An agent step. */
    record AgentStep() implements Work {}

    /** A call of tool {@code name}. */
    record ToolCall(String name) implements Work {}
  }
}
