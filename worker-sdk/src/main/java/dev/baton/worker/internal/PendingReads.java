package dev.baton.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * Requests to have read a partition up to its end offset as of the request: any thread {@linkplain
 * #request requests}, one thread {@linkplain #takeNew takes} the new requests in batches and gives
 * them their end offsets ({@link #target}), and a request completes once the reader's applied
 * position on its partition reaches that offset ({@link #completeReached}). Thread-safe.
 */
final class PendingReads {

  private final BlockingQueue<Read> requested = new LinkedBlockingQueue<>();
  private final List<Read> waiting = new ArrayList<>();

  /** Asks for {@code partition} to be read up to its end as of now. */
  CompletableFuture<Void> request(TopicPartition partition) {
    Read read = new Read(partition);
    requested.add(read);
    return read.done;
  }

  /**
   * Waits up to {@code wait} for a new request, and returns it with every other new one; empty if
   * none came (or the thread was interrupted, which stays set).
   */
  List<Read> takeNew(Duration wait) {
    List<Read> batch = new ArrayList<>();
    try {
      Read first = requested.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (first != null) {
        batch.add(first);
        requested.drainTo(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return batch;
  }

  /** The partitions {@code batch} asks for, each once. */
  static List<TopicPartition> partitions(List<Read> batch) {
    return batch.stream().map(read -> read.partition).distinct().toList();
  }

  /**
   * Gives each request of {@code batch} its partition's end offset from {@code ends}, and completes
   * the ones whose partition's {@code applied} position reached it already.
   */
  synchronized void target(
      List<Read> batch, Map<TopicPartition, Long> ends, ToLongFunction<TopicPartition> applied) {
    for (Read read : batch) {
      read.end = ends.getOrDefault(read.partition, 0L);
      waiting.add(read);
    }
    completeReached(applied);
  }

  /**
   * Completes the requests whose partition's {@code applied} position reached their end offset, and
   * drops the ones their requester gave up on. Call it whenever positions advance.
   */
  synchronized void completeReached(ToLongFunction<TopicPartition> applied) {
    waiting.removeIf(
        read -> {
          if (!read.done.isDone() && applied.applyAsLong(read.partition) >= read.end) {
            read.done.complete(null);
          }
          return read.done.isDone();
        });
  }

  /** Fails the requests of {@code batch} with {@code cause}. */
  static void fail(List<Read> batch, Exception cause) {
    batch.forEach(read -> read.done.completeExceptionally(cause));
  }

  /** Fails every request, waiting or new, with {@code cause}. */
  synchronized void failAll(Exception cause) {
    List<Read> all = new ArrayList<>(waiting);
    waiting.clear();
    requested.drainTo(all);
    fail(all, cause);
  }

  /** One request. */
  static final class Read {
    private final TopicPartition partition;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long end;

    private Read(TopicPartition partition) {
      this.partition = partition;
    }
  }
}
