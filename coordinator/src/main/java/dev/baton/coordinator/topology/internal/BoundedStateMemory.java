package dev.baton.coordinator.topology.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB state store of the process together: one block cache of the
 * budget ({@value #BYTES_CONFIG}, in bytes) shared by all stores, which also holds their index and
 * filter blocks and, through one write buffer manager, their write buffers (half of it at most).
 * RocksDB's defaults give each store its own 50 MiB cache and up to three 16 MiB write buffers, and
 * index and filter blocks outside any cache, so a coordinator's resident memory grew with its
 * partitions and its sessions; with this it stays within the budget plus the JVM's own.
 *
 * <p>Kafka Streams creates one instance per store ({@code rocksdb.config.setter}); they share the
 * cache of their budget for the life of the process, and never close it.
 */
public final class BoundedStateMemory implements RocksDBConfigSetter {

  /** The Kafka Streams property that carries the budget in bytes, a {@code long}. */
  public static final String BYTES_CONFIG = "baton.state.memory.bytes";

  /** The part of the cache kept for index and filter blocks, ahead of data blocks. */
  private static final double INDEX_AND_FILTER_RATIO = 0.1;

  /** The shared cache and write buffer manager of each budget, so of each configuration. */
  private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {
    static Shared of(long bytes) {
      Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_RATIO);
      return new Shared(cache, new WriteBufferManager(bytes / 2, cache));
    }
  }

  /** Kafka Streams creates the setter. */
  public BoundedStateMemory() {}

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared shared = SHARED.computeIfAbsent(budget(configs), Shared::of);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store of the process.
  }

  /** The bytes now held in the cache of {@code budget}, write buffers included; 0 if none yet. */
  static long usage(long budget) {
    Shared shared = SHARED.get(budget);
    return shared == null ? 0 : shared.cache().getUsage();
  }

  /** The budget in {@code configs}; a missing one is a wiring error. */
  static long budget(Map<String, Object> configs) {
    Object bytes = configs.get(BYTES_CONFIG);
    if (bytes instanceof Number number) {
      return number.longValue();
    }
    if (bytes instanceof String text) {
      return Long.parseLong(text.trim());
    }
    throw new IllegalStateException(BYTES_CONFIG + " is not set: " + bytes);
  }
}
