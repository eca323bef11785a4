package dev.baton.bench.internal;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The requests an embedded broker in this JVM handled, by request type, and the records appended to
 * its internal topics (transaction state, consumer offsets, share group state), read from the
 * broker's own meters ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec} and {@code
 * kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec}) in the platform MBean server. Two
 * snapshots, before and after a load, give what the load cost the broker beyond its records.
 *
 * @param counts the cumulative count of each request type and internal topic
 */
public record BrokerRequests(Map<String, Long> counts) {

  /** The request types shown, in this order; the rest are summed as {@link #OTHER}. */
  static final List<String> REQUESTS =
      List.of(
          "Produce",
          "Fetch",
          "ShareFetch",
          "ShareAcknowledge",
          "AddPartitionsToTxn",
          "EndTxn",
          "TxnOffsetCommit",
          "WriteTxnMarkers",
          "ListOffsets",
          "WriteShareGroupState",
          "OffsetCommit");

  /** The internal topics whose appends are shown. */
  static final List<String> INTERNAL_TOPICS =
      List.of("__transaction_state", "__consumer_offsets", "__share_group_state");

  static final String OTHER = "other requests";

  /** The broker's counts now, or empty when no broker runs in this JVM (an external Kafka). */
  public static Optional<BrokerRequests> snapshot() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (ObjectName name :
          server.queryNames(
              new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
        String request = name.getKeyProperty("request");
        // FetchConsumer and FetchFollower are the Fetch requests again, by sender.
        if (!request.startsWith("Fetch") || request.equals("Fetch")) {
          counts.merge(request, count(server, name), Long::sum);
        }
      }
      if (counts.isEmpty()) {
        return Optional.empty();
      }
      for (String topic : INTERNAL_TOPICS) {
        ObjectName name =
            new ObjectName(
                "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=" + topic);
        counts.put(topic, server.isRegistered(name) ? count(server, name) : 0L);
      }
      return Optional.of(new BrokerRequests(counts));
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's meters", e);
    }
  }

  private static long count(MBeanServer server, ObjectName name) throws JMException {
    return ((Number) server.getAttribute(name, "Count")).longValue();
  }

  /**
   * A table of what happened between {@code before} and this snapshot, per one of {@code turns}.
   */
  public Table perTurnSince(BrokerRequests before, long turns, String id, String title) {
    Table table = new Table(id, title, "request or internal topic", "count", "per turn");
    long other = 0;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      long delta = entry.getValue() - before.counts.getOrDefault(entry.getKey(), 0L);
      if (!REQUESTS.contains(entry.getKey()) && !INTERNAL_TOPICS.contains(entry.getKey())) {
        other += delta;
      }
    }
    for (String request : REQUESTS) {
      addRow(table, request, since(before, request), turns);
    }
    addRow(table, OTHER, other, turns);
    for (String topic : INTERNAL_TOPICS) {
      addRow(table, "records to " + topic, since(before, topic), turns);
    }
    return table;
  }

  private long since(BrokerRequests before, String key) {
    return counts.getOrDefault(key, 0L) - before.counts.getOrDefault(key, 0L);
  }

  private static void addRow(Table table, String name, long count, long turns) {
    table.row(name, count, turns == 0 ? Double.NaN : (double) count / turns);
  }
}
