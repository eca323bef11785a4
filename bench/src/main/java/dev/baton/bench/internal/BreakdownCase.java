package dev.baton.bench.internal;

import dev.baton.bench.internal.CoordinatorStamps.Stamp;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.TurnAccepted;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The case that times sequential turns hop by hop ({@link TurnPoint}, {@link Breakdown}), through
 * Kafka and through the HTTP API.
 */
public final class BreakdownCase {

  private static final String KAFKA_LOAD = "seq";

  private static final String HTTP_LOAD = "http-seq";

  private static final String KAFKA_POINTS =
      "One session's turns in sequence after the warm-up, each point timed on this machine's"
          + " clock: sent, the driver's send; appended, the broker's LogAppendTime of the command"
          + " and of the worker's result (milliseconds, so about 0.5 ms of truncation); written"
          + " and committed, when a read_uncommitted and a read_committed consumer in the"
          + " benchmark's JVM first read the record (the first assignment of the turn, its"
          + " terminal event); the handler's start and return, marked in the echo worker; seen,"
          + " the driver's read_committed consumer.";

  private static final String HTTP_POINTS =
      "Another session's turns in sequence on the same coordinator, each a POST"
          + " /v1/sessions/{id}/turns?wait="
          + HttpTurnDriver.WAIT.toSeconds()
          + " after a warm-up through HTTP: sent, the client hands the request to the JDK's"
          + " HTTP/1.1 client; appended, the broker's LogAppendTime of the command the"
          + " coordinator's HTTP handler wrote (read by a read_uncommitted consumer of the"
          + " commands) and of the worker's result; the other points as through Kafka; received,"
          + " the client's completion of the answer. The owner answers a waiting request from its"
          + " decision, before the decision's transaction commits, so the last segment can be"
          + " shorter than a consumer's poll and even negative.";

  private static final String SEGMENTS =
      " The coordinator's own records carry the broker time of the input that caused them (the"
          + " stamps compared above), so they do not time its decisions; the consumers do, and"
          + " their fetches add up to a poll's latency to each written and committed point. Each"
          + " row is that segment alone, its median and 95th percentile over the turns; they do"
          + " not add up to the last row.";

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public BreakdownCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /**
   * Where a sequential turn's time goes, hop by hop ({@link TurnPoint}), under each processing
   * mode: the driver, the broker's append times, consumers that watch the commands, assignments and
   * session events, and the echo worker's handler mark each turn's points. One session's turns run
   * through Kafka, then another's on the same coordinator through the HTTP API, so that the two
   * tables differ only in how a turn enters and leaves.
   */
  public List<Table> run() throws IOException, InterruptedException {
    Sizes.Shape shape = settings.sizes().sequential();
    Map<ProcessingMode, Timed> kafka = new LinkedHashMap<>();
    Map<ProcessingMode, Timed> http = new LinkedHashMap<>();
    for (ProcessingMode mode : List.of(ProcessingMode.EXACTLY_ONCE, ProcessingMode.AT_LEAST_ONCE)) {
      TurnTimes times = new TurnTimes();
      CoordinatorStamps stamps = new CoordinatorStamps();
      try (Deployment deployment =
              turns.deploy(
                  "b-" + TurnCases.label(mode), mode, settings.workers(), List.of(), times);
          Watchers watchers =
              Watchers.start(settings.stack().kafkaBootstrap(), deployment, times, stamps)) {
        turns.warmUpCompiled(deployment, shape);
        kafka.put(mode, timed(turns.run(deployment, KAFKA_LOAD, shape), times, stamps, KAFKA_LOAD));
        try (HttpDeploymentRun run =
            HttpDeploymentRun.timed(turns, deployment, settings.runId(), times)) {
          run.warmUpCompiled(shape);
          TurnLoads.Result result = run.measure(HTTP_LOAD, shape).result();
          http.put(mode, timed(result, times, stamps, HTTP_LOAD));
        }
      }
    }
    return List.of(
        table("breakdown", "", shape, kafka, Breakdown.Segment::label)
            .note(KAFKA_POINTS + SEGMENTS),
        table("breakdown-http", " through HTTP", shape, http, Breakdown.Segment::httpLabel)
            .note(HTTP_POINTS + SEGMENTS));
  }

  /** One mode's turns of one load: the load's result, each turn's points and the stamps' note. */
  private record Timed(TurnLoads.Result result, List<long[]> turns, String stamps) {}

  private Timed timed(
      TurnLoads.Result result, TurnTimes times, CoordinatorStamps stamps, String load) {
    Map<String, long[]> byTurn = times.byTurn(settings.runId() + "-" + load + "-");
    return new Timed(result, List.copyOf(byTurn.values()), stamps.comparedWith(byTurn));
  }

  private static Table table(
      String id,
      String path,
      Sizes.Shape shape,
      Map<ProcessingMode, Timed> byMode,
      Function<Breakdown.Segment, String> label) {
    Table table =
        new Table(
            id,
            "Where a sequential turn's time goes"
                + path
                + " ("
                + shape
                + ", medians and 95th percentiles)",
            "segment",
            "EOS p50 ms",
            "EOS p95 ms",
            "ALOS p50 ms",
            "ALOS p95 ms");
    List<List<Breakdown.Segment>> segments =
        byMode.values().stream().map(timed -> Breakdown.of(timed.turns())).toList();
    for (int i = 0; i < segments.getFirst().size(); i++) {
      List<Object> cells = new ArrayList<>(List.of(label.apply(segments.getFirst().get(i))));
      for (List<Breakdown.Segment> mode : segments) {
        cells.add(mode.get(i).medianMillis());
        cells.add(mode.get(i).p95Millis());
      }
      table.row(cells.toArray());
    }
    byMode.forEach(
        (mode, timed) ->
            table.note(
                TurnCases.label(mode)
                    + ": "
                    + timed.result().completed()
                    + " turns, "
                    + timed.result().errorCount()
                    + " errors, the client's p50 "
                    + Table.format(timed.result().latencies().percentileMillis(50))
                    + " ms."));
    byMode.forEach((mode, timed) -> table.note(TurnCases.label(mode) + ": " + timed.stamps()));
    return table;
  }

  /**
   * Marks {@link TurnPoint#ASSIGNMENT_COMMITTED}: when each turn's assignment became readable to a
   * {@code read_committed} consumer of {@code deployment}'s assignments topic.
   */
  static TopicWatcher<Assignment> assignmentsCommitted(
      String bootstrap, Deployment deployment, TurnTimes times) {
    return new TopicWatcher<>(
        bootstrap,
        deployment.layout().assignments(),
        "read_committed",
        AvroSerde.forValue(Assignment.class, deployment.registry()),
        (record, seen) ->
            times.mark(record.value().getTurnId(), TurnPoint.ASSIGNMENT_COMMITTED, seen));
  }

  /**
   * The consumers that mark when assignments and terminal events were written and committed, and
   * note the coordinator's own stamps on each turn's TurnAccepted event and first assignment.
   */
  private record Watchers(List<TopicWatcher<?>> all) implements AutoCloseable {

    static Watchers start(
        String bootstrap, Deployment deployment, TurnTimes times, CoordinatorStamps stamps) {
      return new Watchers(
          List.of(
              new TopicWatcher<>(
                  bootstrap,
                  deployment.layout().commands(),
                  "read_uncommitted",
                  AvroSerde.forValue(Command.class, deployment.registry()),
                  (record, seen) -> {
                    if (record.value().getBody() instanceof SubmitTurn submit) {
                      times.markMillis(
                          submit.getTurnId(), TurnPoint.COMMAND_APPENDED, record.timestamp());
                    }
                  }),
              new TopicWatcher<>(
                  bootstrap,
                  deployment.layout().assignments(),
                  "read_uncommitted",
                  AvroSerde.forValue(Assignment.class, deployment.registry()),
                  (record, seen) -> {
                    String turnId = record.value().getTurnId();
                    times.mark(turnId, TurnPoint.ASSIGNMENT_WRITTEN, seen);
                    stamps.note(turnId, Stamp.ASSIGNMENT_RECORD, record.timestamp());
                    stamps.note(
                        turnId,
                        Stamp.ASSIGNMENT_ISSUED_AT,
                        record.value().getIssuedAt().toEpochMilli());
                  }),
              assignmentsCommitted(bootstrap, deployment, times),
              new TopicWatcher<>(
                  bootstrap,
                  deployment.layout().sessionEvents(),
                  "read_uncommitted",
                  AvroSerde.forValue(SessionEvent.class, deployment.registry()),
                  (record, seen) -> event(record, seen, times, stamps))));
    }

    private static void event(
        ConsumerRecord<String, SessionEvent> record,
        long seen,
        TurnTimes times,
        CoordinatorStamps stamps) {
      SessionEvent event = record.value();
      if (event.getTurnId() == null) {
        return;
      }
      if (event.getBody() instanceof TurnAccepted) {
        stamps.note(event.getTurnId(), Stamp.ACCEPTED_RECORD, record.timestamp());
        stamps.note(
            event.getTurnId(), Stamp.ACCEPTED_OCCURRED_AT, event.getOccurredAt().toEpochMilli());
      } else if (TurnDriver.endOf(event.getBody()) != null) {
        times.mark(event.getTurnId(), TurnPoint.TERMINAL_WRITTEN, seen);
        times.markMillis(event.getTurnId(), TurnPoint.RESULT_APPENDED, record.timestamp());
      }
    }

    @Override
    public void close() throws InterruptedException {
      for (TopicWatcher<?> watcher : all) {
        watcher.close();
      }
    }
  }
}
