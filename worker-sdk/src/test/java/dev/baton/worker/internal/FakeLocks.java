package dev.baton.worker.internal;

import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Turn locks without Redis: every acquire is granted at once with a fixed wait, unless a failure is
 * set. Remembers requests and the locks it handed out.
 */
public final class FakeLocks implements Locks {

  /** How a {@link FakeCallLock} ended. */
  public enum End {
    HELD,
    RELEASED,
    ABANDONED
  }

  private final List<LockRequest> requests = new CopyOnWriteArrayList<>();
  private final List<FakeCallLock> granted = new CopyOnWriteArrayList<>();
  private volatile Function<LockRequest, RuntimeException> failure = r -> null;
  private volatile Duration waitTime = Duration.ofMillis(42);
  private volatile boolean closed;
  private volatile String recordedBefore;
  private volatile RuntimeException recordFailure;

  /** Grants every later lock with {@code outcome} recorded by an earlier holder. */
  public FakeLocks recordedBefore(String outcome) {
    this.recordedBefore = outcome;
    return this;
  }

  /** Makes {@link CallLock#record} of every later lock throw {@code failure}. */
  public FakeLocks failRecordWith(RuntimeException failure) {
    this.recordFailure = failure;
    return this;
  }

  /** Makes every acquire throw what {@code failure} returns for its request. */
  public FakeLocks failWith(Function<LockRequest, RuntimeException> failure) {
    this.failure = failure;
    return this;
  }

  /** Sets the wait every granted lock reports. */
  public FakeLocks waitTime(Duration waitTime) {
    this.waitTime = waitTime;
    return this;
  }

  @Override
  public CallLock acquire(LockRequest request) {
    requests.add(request);
    RuntimeException e = failure.apply(request);
    if (e != null) {
      throw e;
    }
    FakeCallLock lock = new FakeCallLock(request, waitTime, recordedBefore, recordFailure);
    granted.add(lock);
    return lock;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** The requests so far. */
  public List<LockRequest> requests() {
    return List.copyOf(requests);
  }

  /** The locks granted so far. */
  public List<FakeCallLock> granted() {
    return List.copyOf(granted);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** A granted lock that remembers how it ended. */
  public static final class FakeCallLock implements CallLock {
    private final LockRequest request;
    private final Duration waitTime;
    private final String recordedBefore;
    private final RuntimeException recordFailure;
    private volatile End end = End.HELD;
    private volatile String recorded;
    private volatile boolean lost;

    public FakeCallLock(LockRequest request, Duration waitTime) {
      this(request, waitTime, null, null);
    }

    FakeCallLock(
        LockRequest request,
        Duration waitTime,
        String recordedBefore,
        RuntimeException recordFailure) {
      this.request = request;
      this.waitTime = waitTime;
      this.recordedBefore = recordedBefore;
      this.recordFailure = recordFailure;
    }

    /** Marks the lock lost, as a failed renewal would. */
    public void lose() {
      lost = true;
    }

    @Override
    public LockRequest request() {
      return request;
    }

    @Override
    public Duration waitTime() {
      return waitTime;
    }

    @Override
    public boolean isLost() {
      return lost;
    }

    @Override
    public Optional<String> recordedOutcome() {
      return Optional.ofNullable(recordedBefore);
    }

    @Override
    public void record(String outcome) {
      RuntimeException e = recordFailure;
      if (e != null) {
        throw e;
      }
      recorded = outcome;
    }

    /** The outcome recorded with {@link #record}, or null. */
    public String recorded() {
      return recorded;
    }

    @Override
    public synchronized void release() {
      if (end == End.HELD) {
        end = End.RELEASED;
      }
    }

    @Override
    public synchronized void abandon() {
      if (end == End.HELD) {
        end = End.ABANDONED;
      }
    }

    @Override
    public void close() {
      release();
    }

    /** How the lock ended, or {@code HELD}. */
    public End end() {
      return end;
    }
  }
}
