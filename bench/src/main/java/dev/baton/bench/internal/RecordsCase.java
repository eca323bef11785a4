package dev.baton.bench.internal;

import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.TopicLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** The case that counts the records and bytes each turn writes to each topic. */
public final class RecordsCase {

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public RecordsCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /**
   * Records and bytes per turn. After the warm-up, and once the topics are quiet, the recorded load
   * runs on each processing mode's coordinator; every topic of the deployment is counted between
   * the quiet offsets before and after (see {@link TopicTally}).
   */
  public List<Table> run() throws Exception {
    Sizes.Shape shape = settings.sizes().recorded();
    List<Table> tables = new ArrayList<>();
    for (ProcessingMode mode : List.of(ProcessingMode.EXACTLY_ONCE, ProcessingMode.AT_LEAST_ONCE)) {
      try (Deployment deployment =
              turns.deploy(
                  "rec-" + TurnCases.label(mode),
                  mode,
                  settings.workers(),
                  List.of(),
                  TurnTimes.NONE);
          TopicRecords counter = new TopicRecords(settings.stack().kafkaBootstrap())) {
        turns.warmUp(deployment);
        List<String> topics = counter.topicsOf(deployment.layout());
        Map<TopicPartition, Long> start = counter.quietEndOffsets(topics, TurnCases.DRAIN);
        Optional<BrokerRequests> requestsBefore = BrokerRequests.snapshot();
        TurnLoads.Result result = turns.run(deployment, "rec", shape);
        Optional<BrokerRequests> requestsAfter = BrokerRequests.snapshot();
        Map<TopicPartition, Long> end = counter.quietEndOffsets(topics, TurnCases.DRAIN);
        tables.add(recordsTable(mode, shape, deployment, result, counter.between(start, end)));
        if (requestsBefore.isPresent() && requestsAfter.isPresent()) {
          tables.add(requestsTable(mode, shape, result, requestsBefore.get(), requestsAfter.get()));
        }
      }
    }
    return tables;
  }

  private static Table recordsTable(
      ProcessingMode mode,
      Sizes.Shape shape,
      Deployment deployment,
      TurnLoads.Result result,
      List<TopicTally> tallies) {
    Table table =
        new Table(
            "records-" + TurnCases.label(mode).toLowerCase(),
            "Records written per turn (" + TurnCases.label(mode) + ", " + shape + ")",
            TopicTally.perTurnHeaders());
    List<TopicTally> named = new ArrayList<>();
    for (TopicTally tally : tallies) {
      TopicTally shown = tally.renamed(shortName(tally.topic(), deployment.layout()));
      named.add(shown);
      table.row(shown.perTurnRow(result.completed()));
    }
    table.row(TopicTally.sum("total", named).perTurnRow(result.completed()));
    table.note(
        "Per completed turn ("
            + result.completed()
            + " turns, "
            + result.errorCount()
            + " errors) of a "
            + shape
            + " closed loop after the warm-up, on a fresh coordinator; topics named without their"
            + " prefix, <app> for the application id. Offsets: end minus start offsets, taken with"
            + " the admin client once the offsets stood still for a second. Records: data records a"
            + " read_uncommitted consumer read in that range; committed: a read_committed one;"
            + " aborted = records - committed; tombstones: records with a null value; markers (transaction control records, which take"
            + " an offset but are never returned) = offsets - records. Bytes: key + value and"
            + " header bytes as read, without the record batches' overhead.");
    return table;
  }

  private static Table requestsTable(
      ProcessingMode mode,
      Sizes.Shape shape,
      TurnLoads.Result result,
      BrokerRequests before,
      BrokerRequests after) {
    String label = TurnCases.label(mode);
    return after
        .perTurnSince(
            before,
            result.completed(),
            "requests-" + label.toLowerCase(),
            "Broker requests and internal records per turn (" + label + ", " + shape + ")")
        .note(
            "From the embedded broker's own meters (RequestsPerSec by request,"
                + " MessagesInPerSec of its internal topics) over the same load as the table"
                + " above, per completed turn: every client's requests, the coordinator's, the"
                + " worker's and the load driver's (it reads the events topic), and the broker's"
                + " own to its coordinators (AddPartitionsToTxn includes a broker's checks of a"
                + " transaction's partitions). Fetch counts consumer and follower fetches once.");
  }

  /** {@code topic} without the layout's prefix, its application id shown as {@code <app>}. */
  static String shortName(String topic, TopicLayout layout) {
    if (topic.startsWith(layout.prefix())) {
      return topic.substring(layout.prefix().length());
    }
    return topic.startsWith(layout.applicationId() + "-")
        ? "<app>" + topic.substring(layout.applicationId().length())
        : topic;
  }
}
