package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One request waiting for a turn: first for the coordinator's decision on a submit, then for the
 * turn's end. Registered with {@link TurnWaiters} before the command is written, so nothing is
 * missed; closing it unregisters it.
 *
 * <p>{@code try (TurnWaiter waiter = waiters.register(sessionId, turnId)) { service.send(command);
 * waiter.awaitDecision(timeout); }}
 */
public final class TurnWaiter implements AutoCloseable {

  private final TurnWaiters registry;
  private final TurnWaiters.TurnKey key;
  private final Predicate<SessionEvent> accepts;
  private final CompletableFuture<SessionEvent> decision = new CompletableFuture<>();
  private final CompletableFuture<SessionEvent.TurnEnded> end = new CompletableFuture<>();
  private final CompletableFuture<Void> released = new CompletableFuture<>();

  TurnWaiter(TurnWaiters registry, TurnWaiters.TurnKey key) {
    this(registry, key, event -> true);
  }

  /** A waiter that hears only the events that {@code accepts}. */
  TurnWaiter(TurnWaiters registry, TurnWaiters.TurnKey key, Predicate<SessionEvent> accepts) {
    this.registry = registry;
    this.key = key;
    this.accepts = accepts;
  }

  TurnWaiters.TurnKey key() {
    return key;
  }

  /** Called by the registry on the stream thread: cheap, never blocks. */
  void offer(SessionEvent event) {
    if (!accepts.test(event)) {
      return;
    }
    decision.complete(event);
    if (event instanceof SessionEvent.TurnEnded ended) {
      end.complete(ended);
    }
  }

  /**
   * The session moved to another instance, whose processor decides from now on: the waits end at
   * once, as if they had run out, so that the request is answered and sent again to the new owner.
   */
  void release() {
    released.complete(null);
  }

  /**
   * The first decision about the turn: {@code TurnStarted}, {@code TurnQueued}, {@code
   * TurnSteered}, {@code TurnMerged}, {@code TurnRejected} or {@code DuplicateTurnSubmitted}; empty
   * if none came within {@code timeout}.
   */
  public Optional<SessionEvent> awaitDecision(Duration timeout) throws InterruptedException {
    return await(decision, timeout);
  }

  /**
   * The turn's end; empty if it did not end within {@code timeout}, or the session moved to another
   * instance meanwhile.
   */
  public Optional<SessionEvent.TurnEnded> awaitEnd(Duration timeout) throws InterruptedException {
    return await(end, timeout);
  }

  private <T> Optional<T> await(CompletableFuture<T> future, Duration timeout)
      throws InterruptedException {
    try {
      CompletableFuture.anyOf(future, released).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return Optional.ofNullable(future.getNow(null));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a turn waiter is never completed exceptionally", e);
    }
  }

  /** Unregisters the waiter. */
  @Override
  public void close() {
    registry.remove(this);
  }
}
