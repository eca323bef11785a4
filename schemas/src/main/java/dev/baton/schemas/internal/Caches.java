package dev.baton.schemas.internal;

import java.util.Map;
import java.util.function.Function;

/** Caches filled by calls to the schema registry. */
public final class Caches {

  private Caches() {}

  /**
   * Returns the cached value of {@code key}, computing a missing one outside any map lock: the
   * computation may call the registry, and a slow call must not block other keys. Two threads that
   * miss at once both compute; the first value stored wins. Values are immutable facts (a schema
   * id, a schema), so either is correct.
   */
  public static <K, V> V getOrCompute(Map<K, V> cache, K key, Function<K, V> compute) {
    V value = cache.get(key);
    if (value != null) {
      return value;
    }
    V computed = compute.apply(key);
    V raced = cache.putIfAbsent(key, computed);
    return raced != null ? raced : computed;
  }
}
