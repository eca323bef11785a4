package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedStateMemoryTest {

  private static final long BUDGET = 32L << 20;

  /**
   * How far the cache may be over its budget at a moment: its limit is not strict, so entries in
   * use are not evicted, and the write buffer manager reserves cache in 256 KiB steps.
   */
  private static final long ENTRIES_IN_USE = 1L << 20;

  static {
    RocksDB.loadLibrary();
  }

  @Test
  void shouldGiveEveryStoreOfABudgetTheSameCacheAndWriteBufferManager() {
    try (Options first = configured("sessions", BUDGET);
        Options second = configured("history", BUDGET);
        Options other = configured("events", BUDGET * 2)) {
      assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
      assertThat(other.writeBufferManager()).isNotSameAs(first.writeBufferManager());
      BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
      assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
    }
  }

  @Test
  void shouldOpenWriteFlushAndReadAStoreWithinTheBudget(@TempDir Path dir) throws Exception {
    try (Options options = configured("timers", BUDGET).setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      for (int i = 0; i < 10_000; i++) {
        db.put(bytes("session-" + i), bytes("state of session " + i));
      }
      db.flush(flush);

      assertThat(db.get(bytes("session-9999"))).isEqualTo(bytes("state of session 9999"));
      assertThat(db.get(bytes("session-10000"))).isNull();
      assertThat(BoundedStateMemory.usage(BUDGET))
          .isPositive()
          .isLessThanOrEqualTo(BUDGET + ENTRIES_IN_USE);
    }
  }

  @Test
  void shouldKeepTwoStoresWithinTheirSharedBudgetWhenTheirDataIsFarLarger(@TempDir Path dir)
      throws Exception {
    long budget = 24L << 20;
    byte[] value = new byte[4096];
    try (Options first = configured("sessions", budget).setCreateIfMissing(true);
        Options second = configured("history", budget).setCreateIfMissing(true);
        RocksDB one = RocksDB.open(first, dir.resolve("one").toString());
        RocksDB two = RocksDB.open(second, dir.resolve("two").toString());
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      for (int i = 0; i < 10_000; i++) { // 40 MiB into each store, 80 MiB against 24 MiB
        value[0] = (byte) i;
        one.put(bytes("session-" + i), value);
        two.put(bytes("session-" + i), value);
      }
      // Write buffers that wait for their flush stay charged until it ends (the manager does not
      // stall writes), so a fast writer on a slow machine can be over the budget until then.
      one.flush(flush);
      two.flush(flush);
      for (int i = 0; i < 10_000; i++) {
        assertThat(one.get(bytes("session-" + i))[0]).isEqualTo((byte) i);
        assertThat(two.get(bytes("session-" + i))).hasSize(4096);
      }

      assertThat(BoundedStateMemory.usage(budget))
          .isPositive()
          .isLessThanOrEqualTo(budget + ENTRIES_IN_USE);
    }
  }

  @Test
  void shouldReadTheBudgetAsANumberOrTextAndRefuseNone() {
    assertThat(BoundedStateMemory.budget(Map.of(BoundedStateMemory.BYTES_CONFIG, 5L))).isEqualTo(5);
    assertThat(BoundedStateMemory.budget(Map.of(BoundedStateMemory.BYTES_CONFIG, " 7 ")))
        .isEqualTo(7);
    assertThatThrownBy(() -> BoundedStateMemory.budget(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(BoundedStateMemory.BYTES_CONFIG);
  }

  private static Options configured(String store, long budget) {
    Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig());
    new BoundedStateMemory()
        .setConfig(store, options, Map.of(BoundedStateMemory.BYTES_CONFIG, budget));
    return options;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
