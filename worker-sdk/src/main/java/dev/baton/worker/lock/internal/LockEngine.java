package dev.baton.worker.lock.internal;

import dev.baton.worker.OperationClass;
import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machinery behind {@code TurnLocks}: one command connection, one pub/sub connection, the
 * loaded scripts and one scheduler thread for acquire timeouts, backstop polls and the renewal
 * sweep. Nothing here blocks a Lettuce I/O thread.
 *
 * <p>An acquire granted at once and its release schedule nothing: the held lock joins the set the
 * renewal sweep walks, and the commands' timeouts run on the client's hashed-wheel timer.
 */
public final class LockEngine implements AutoCloseable {

  private final RedisClient client;
  private final boolean ownsClient;
  private final LockOptions options;
  private final StatefulRedisConnection<String, String> connection;
  private final Wakeups wakeups;
  private final LockScripts scripts;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Set<Acquisition> waiting = ConcurrentHashMap.newKeySet();
  private final Set<HeldLock> held = ConcurrentHashMap.newKeySet();
  private final Set<CompletableFuture<Reply>> releasing = ConcurrentHashMap.newKeySet();
  private final String holderPrefix = UUID.randomUUID() + "/";
  private final AtomicLong acquires = new AtomicLong();
  private volatile boolean closed;

  private LockEngine(
      RedisClient client,
      boolean ownsClient,
      LockOptions options,
      StatefulRedisConnection<String, String> connection,
      StatefulRedisPubSubConnection<String, String> pubSub) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.options = options;
    this.connection = connection;
    this.wakeups = new Wakeups(pubSub, options.commandTimeout());
    client.addListener(wakeups.connectionEvents);
    this.scripts =
        LockScripts.load(
                connection.async(), client.getResources().timer(), options.commandTimeout())
            .join();
    this.scheduler = new ScheduledThreadPoolExecutor(1, LockEngine::daemon);
    scheduler.setRemoveOnCancelPolicy(true);
    long sweep = sweepMillis(options);
    scheduler.scheduleAtFixedRate(this::renewDue, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /**
   * How often the renewal sweep runs: a quarter of {@link LockOptions#renewEvery()}, so that a lock
   * is renewed between three quarters of {@code renewEvery} and {@code renewEvery} after its grant
   * or last renewal.
   */
  static long sweepMillis(LockOptions options) {
    return Math.max(1, options.renewEvery().toMillis() / 4);
  }

  /**
   * Connects with {@code client} and loads the scripts.
   *
   * @param ownsClient whether {@link #close()} shuts the client down
   * @throws LockUnavailableException if Redis cannot be reached
   */
  public static LockEngine connect(
      RedisClient client, boolean ownsClient, String description, LockOptions options) {
    StatefulRedisConnection<String, String> connection = null;
    StatefulRedisPubSubConnection<String, String> pubSub = null;
    try {
      connection = client.connect(StringCodec.UTF8);
      pubSub = client.connectPubSub(StringCodec.UTF8);
      return new LockEngine(client, ownsClient, options, connection, pubSub);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      closeQuietly(pubSub);
      if (ownsClient) {
        client.shutdown(Duration.ZERO, options.commandTimeout());
      }
      throw LockUnavailableException.cannotConnect(description, LockScripts.unwrap(e));
    }
  }

  private static void closeQuietly(StatefulConnection<?, ?> connection) {
    if (connection != null) {
      connection.close();
    }
  }

  /** Waits for the lock of {@code request}; see {@code TurnLocks#acquireAsync}. */
  public CompletableFuture<CallLock> acquire(LockRequest request) {
    if (closed) {
      return CompletableFuture.failedFuture(LockUnavailableException.closed(request));
    }
    Acquisition acquisition = new Acquisition(this, request, newHolder());
    waiting.add(acquisition);
    CompletableFuture<CallLock> result = acquisition.start();
    if (closed) {
      acquisition.failClosed();
    }
    return result;
  }

  /**
   * A holder id unique to one acquire: this engine's random UUID and a counter (cheaper than a
   * {@link UUID#randomUUID()}, which draws on {@code SecureRandom}, per acquire).
   */
  private String newHolder() {
    return holderPrefix + acquires.incrementAndGet();
  }

  /** The options. */
  public LockOptions options() {
    return options;
  }

  /**
   * Stops renewing and waiting, waits (at most the command timeout) for the releases already sent,
   * then closes the connections. Held locks are not released: they expire after their TTL, as if
   * this process had crashed.
   */
  @Override
  public void close() {
    closed = true;
    for (Acquisition acquisition : waiting) {
      acquisition.failClosed();
    }
    scheduler.shutdownNow();
    held.clear();
    awaitReleases();
    client.removeListener(wakeups.connectionEvents);
    wakeups.close();
    connection.close();
    if (ownsClient) {
      client.shutdown(Duration.ZERO, options.commandTimeout());
    }
  }

  /** The classes of the step as the scripts take them, one letter per call: R or W. */
  static String classLetters(LockRequest request) {
    StringBuilder letters = new StringBuilder(request.classes().size());
    for (OperationClass c : request.classes()) {
      letters.append(letter(c));
    }
    return letters.toString();
  }

  /** The letter of {@code operationClass} in the scripts: R or W. */
  static String letter(OperationClass operationClass) {
    return operationClass == OperationClass.READ ? "R" : "W";
  }

  private void awaitReleases() {
    try {
      CompletableFuture.allOf(releasing.toArray(CompletableFuture<?>[]::new))
          .get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Each failed release is logged by its lock; the lock expires after its TTL.
    }
  }

  HeldLock hold(
      LockRequest request, StepKeys keys, String holder, Duration waited, String recordedOutcome) {
    HeldLock lock = new HeldLock(this, request, keys, holder, waited, recordedOutcome);
    held.add(lock);
    if (closed) {
      held.remove(lock); // closed meanwhile: nothing renews it
    }
    return lock;
  }

  /** Renews no more {@code lock}. */
  void stopRenewing(HeldLock lock) {
    held.remove(lock);
  }

  /** Keeps {@code release} until it completes, so that {@link #close()} can wait for it. */
  void track(CompletableFuture<Reply> release) {
    releasing.add(release);
    release.whenComplete((reply, error) -> releasing.remove(release));
  }

  /** The renewal sweep: renews every held lock whose last renewal is due. */
  private void renewDue() {
    long now = System.nanoTime();
    long due =
        TimeUnit.MILLISECONDS.toNanos(options.renewEvery().toMillis() - sweepMillis(options));
    for (HeldLock lock : held) {
      try {
        lock.renewIfDue(now, due);
      } catch (RuntimeException e) {
        // Never let one lock end the sweep (a periodic task that throws is not run again).
        lock.renewalFailed(e);
      }
    }
  }

  void forget(Acquisition acquisition) {
    waiting.remove(acquisition);
  }

  LockScripts scripts() {
    return scripts;
  }

  Wakeups wakeups() {
    return wakeups;
  }

  /** Runs {@code task} once after {@code delayMillis}; after close, never. */
  Future<?> schedule(Runnable task, long delayMillis) {
    try {
      return scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Runs {@code task} every {@code everyMillis}, first after {@code firstMillis}; after close,
   * never.
   */
  Future<?> scheduleEvery(Runnable task, long firstMillis, long everyMillis) {
    try {
      return scheduler.scheduleAtFixedRate(task, firstMillis, everyMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "baton-turn-locks");
    thread.setDaemon(true);
    return thread;
  }
}
