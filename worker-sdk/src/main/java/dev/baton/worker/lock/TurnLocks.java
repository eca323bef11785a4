package dev.baton.worker.lock;

import dev.baton.schemas.Redaction;
import dev.baton.worker.lock.internal.LockEngine;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The read/write locks between the tool calls of a turn's step, in Redis; one instance per worker
 * process. A READ call may start when no earlier WRITE of its step is unfinished, a WRITE when no
 * earlier call is: reads overlap, a write runs alone after the calls before it, and every pair of
 * calls that conflict runs in the order the agent asked for. See {@code docs/turn-lock.md}.
 *
 * <p>It holds one command connection, one pub/sub connection that wakes every waiter of the
 * process, and one scheduler thread for the renewal sweep, the timeouts of waiting acquires and the
 * slow backstop poll.
 *
 * <pre>{@code
 * try (TurnLocks locks = TurnLocks.create("redis://localhost:6379", LockOptions.defaults())) {
 *   try (CallLock lock = locks.acquire(new LockRequest(
 *       sessionId, turnId, step, fencingToken, index, stepOperationClasses))) {
 *     runTool(call);
 *   }
 * }
 * }</pre>
 */
public final class TurnLocks implements AutoCloseable {

  private final LockEngine engine;

  private TurnLocks(LockEngine engine) {
    this.engine = engine;
  }

  /**
   * Connects to the Redis at {@code redisUri} with a client of its own, which fails commands at
   * once while disconnected rather than queueing them. {@code redis://user:password@host:port} logs
   * in as an ACL user, {@code rediss://} connects with TLS (docs/operations.md, Security); no
   * message shows the password.
   *
   * @throws LockUnavailableException if Redis cannot be reached
   */
  public static TurnLocks create(String redisUri, LockOptions options) {
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(options, "options");
    RedisClient client = RedisClient.create(RedisURI.create(redisUri));
    client.setOptions(failFast(options));
    return new TurnLocks(LockEngine.connect(client, true, Redaction.uri(redisUri), options));
  }

  /**
   * Connects with {@code client}, which the caller keeps and shuts down. Its options apply: for a
   * quick {@link LockUnavailableException} while Redis is down, use {@code
   * DisconnectedBehavior.REJECT_COMMANDS}.
   *
   * @throws LockUnavailableException if Redis cannot be reached
   */
  public static TurnLocks create(RedisClient client, LockOptions options) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(options, "options");
    return new TurnLocks(LockEngine.connect(client, false, "the given RedisClient", options));
  }

  /**
   * Waits for the lock of {@code request} and returns it held; blocks the calling thread (a virtual
   * thread parks).
   *
   * @throws LockTimeoutException if not granted within {@link LockOptions#acquireTimeout()}
   * @throws StaleTokenException if the request's fencing token is stale
   * @throws CallAlreadyFinishedException if the call has already finished under this token
   * @throws LockUnavailableException if Redis cannot be reached or these locks are closed
   */
  public CallLock acquire(LockRequest request) {
    CompletableFuture<CallLock> lock = acquireAsync(request);
    try {
      return lock.get();
    } catch (InterruptedException e) {
      lock.cancel(false);
      Thread.currentThread().interrupt();
      throw LockTimeoutException.interrupted(request);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (CancellationException e) {
      throw LockTimeoutException.interrupted(request);
    }
  }

  /**
   * Waits for the lock of {@code request} without blocking. The future fails with the exceptions
   * {@link #acquire} throws; cancelling it gives the lock back if it is granted meanwhile.
   * Dependent stages may run on a Lettuce I/O thread and must not block.
   *
   * <p>{@code locks.acquireAsync(request).thenAccept(lock -> runTool(call, lock));}
   */
  public CompletableFuture<CallLock> acquireAsync(LockRequest request) {
    return engine.acquire(Objects.requireNonNull(request, "request"));
  }

  /** The options. */
  public LockOptions options() {
    return engine.options();
  }

  /**
   * Fails every waiting acquire, stops renewing, waits (at most the command timeout) for the
   * releases already sent to be answered and closes the connections. Locks still held are not
   * released: they expire after their TTL, as a crashed process's would.
   */
  @Override
  public void close() {
    engine.close();
  }

  private static ClientOptions failFast(LockOptions options) {
    return ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(options.commandTimeout()).build())
        .build();
  }
}
