package dev.baton.schemas.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Caches filled by calls to the schema registry. */
public final class Caches {

  private Caches() {}

  /**
   * Returns the cached value of {@code key}, computing a missing one outside any map lock: the
   * computation may call the registry, and a slow call must not block other keys. Threads that miss
   * the same key at once wait for one computation rather than each calling the registry (hundreds
   * of handlers publishing their first result at once would otherwise open as many requests, more
   * than an HTTP/2 connection allows); if it fails they all get its failure, and the next miss
   * computes again.
   */
  public static <K, V> V getOrCompute(
      Map<K, CompletableFuture<V>> cache, K key, Function<K, V> compute) {
    CompletableFuture<V> existing = cache.get(key);
    if (existing == null) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      existing = cache.putIfAbsent(key, mine);
      if (existing == null) {
        return compute(cache, key, compute, mine);
      }
    }
    try {
      return existing.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static <K, V> V compute(
      Map<K, CompletableFuture<V>> cache,
      K key,
      Function<K, V> compute,
      CompletableFuture<V> mine) {
    try {
      V value = compute.apply(key);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      cache.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }
}
