package dev.baton.bench.internal;

import java.util.List;

/**
 * What one topic (or all of them) received over a load, from its offsets and from reading it.
 *
 * <p>An offset is taken by every record written, data or control: under exactly-once each
 * transaction ends with a commit (or abort) marker in every partition it wrote, a control record
 * that takes an offset but is never returned to a consumer. A {@code read_uncommitted} consumer
 * returns every data record, committed or aborted; a {@code read_committed} one only the committed
 * ones. So markers are the offsets minus the records read uncommitted, and aborted records are
 * those minus the ones read committed.
 *
 * @param topic the topic, or {@code total}
 * @param offsets end offsets minus start offsets, summed over the partitions
 * @param records data records a {@code read_uncommitted} consumer read in that range
 * @param committed data records a {@code read_committed} consumer read in that range
 * @param tombstones records read uncommitted whose value is null (deletes of compacted keys)
 * @param keyValueBytes key plus value bytes of the records read uncommitted
 * @param headerBytes header key plus value bytes of the records read uncommitted
 */
public record TopicTally(
    String topic,
    long offsets,
    long records,
    long committed,
    long tombstones,
    long keyValueBytes,
    long headerBytes) {

  /** The control records: transaction markers. */
  public long markers() {
    return offsets - records;
  }

  /** Data records written but aborted. */
  public long aborted() {
    return records - committed;
  }

  /** This tally under another name. */
  public TopicTally renamed(String name) {
    return new TopicTally(
        name, offsets, records, committed, tombstones, keyValueBytes, headerBytes);
  }

  /** The sum of {@code tallies}, named {@code topic}. */
  public static TopicTally sum(String topic, List<TopicTally> tallies) {
    long offsets = 0;
    long records = 0;
    long committed = 0;
    long tombstones = 0;
    long keyValueBytes = 0;
    long headerBytes = 0;
    for (TopicTally tally : tallies) {
      offsets += tally.offsets;
      records += tally.records;
      committed += tally.committed;
      tombstones += tally.tombstones;
      keyValueBytes += tally.keyValueBytes;
      headerBytes += tally.headerBytes;
    }
    return new TopicTally(
        topic, offsets, records, committed, tombstones, keyValueBytes, headerBytes);
  }

  /** The headers of {@link #perTurnRow}. */
  public static String[] perTurnHeaders() {
    return new String[] {
      "topic",
      "offsets/turn",
      "records/turn",
      "committed/turn",
      "aborted/turn",
      "markers/turn",
      "tombstones/turn",
      "key+value B/turn",
      "header B/turn"
    };
  }

  /** A table row: each figure divided by {@code turns}. */
  public Object[] perTurnRow(long turns) {
    double n = Math.max(1, turns);
    return new Object[] {
      topic,
      offsets / n,
      records / n,
      committed / n,
      aborted() / n,
      markers() / n,
      tombstones / n,
      keyValueBytes / n,
      headerBytes / n
    };
  }
}
