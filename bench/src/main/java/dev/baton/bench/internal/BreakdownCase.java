package dev.baton.bench.internal;

import dev.baton.bench.internal.CoordinatorStamps.Stamp;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnAccepted;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The case that times sequential turns hop by hop ({@link TurnPoint}, {@link Breakdown}). */
public final class BreakdownCase {

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public BreakdownCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /**
   * Where a sequential turn's time goes, hop by hop ({@link TurnPoint}), under each processing
   * mode: the driver, the broker's append times, consumers that watch the assignments and session
   * events, and the echo worker's handler mark each turn's points.
   */
  public Table run() throws IOException, InterruptedException {
    Sizes.Shape shape = settings.sizes().sequential();
    List<ProcessingMode> modes = List.of(ProcessingMode.EXACTLY_ONCE, ProcessingMode.AT_LEAST_ONCE);
    Map<ProcessingMode, List<Breakdown.Segment>> byMode = new LinkedHashMap<>();
    Map<ProcessingMode, TurnLoads.Result> results = new LinkedHashMap<>();
    List<String> stampNotes = new ArrayList<>();
    for (ProcessingMode mode : modes) {
      TurnTimes times = new TurnTimes();
      CoordinatorStamps stamps = new CoordinatorStamps();
      try (Deployment deployment =
              turns.deploy(
                  "b-" + TurnCases.label(mode), mode, settings.workers(), List.of(), times);
          Watchers watchers =
              Watchers.start(settings.stack().kafkaBootstrap(), deployment, times, stamps)) {
        turns.warmUpCompiled(deployment, shape);
        TurnLoads.Result result = turns.run(deployment, "seq", shape);
        results.put(mode, result);
        Map<String, long[]> timed = times.byTurn(settings.runId() + "-seq-");
        byMode.put(mode, Breakdown.of(List.copyOf(timed.values())));
        stampNotes.add(TurnCases.label(mode) + ": " + stamps.comparedWith(timed));
      }
    }
    Table table =
        new Table(
            "breakdown",
            "Where a sequential turn's time goes (" + shape + ", medians and 95th percentiles)",
            "segment",
            "EOS p50 ms",
            "EOS p95 ms",
            "ALOS p50 ms",
            "ALOS p95 ms");
    List<Breakdown.Segment> first = byMode.get(modes.getFirst());
    for (int i = 0; i < first.size(); i++) {
      int segment = i;
      List<Object> cells = new ArrayList<>(List.of(first.get(i).label()));
      for (ProcessingMode mode : modes) {
        Breakdown.Segment times = byMode.get(mode).get(segment);
        cells.add(times.medianMillis());
        cells.add(times.p95Millis());
      }
      table.row(cells.toArray());
    }
    results.forEach(
        (mode, result) ->
            table.note(
                TurnCases.label(mode)
                    + ": "
                    + result.completed()
                    + " turns, "
                    + result.errorCount()
                    + " errors, driver's p50 "
                    + Table.format(result.latencies().percentileMillis(50))
                    + " ms."));
    stampNotes.forEach(table::note);
    return table.note(
        "One session's turns in sequence after the warm-up, each point timed on this machine's"
            + " clock: sent, the driver's send; appended, the broker's LogAppendTime of the command"
            + " and of the worker's result (milliseconds, so about 0.5 ms of truncation); written"
            + " and committed, when a read_uncommitted and a read_committed consumer in the"
            + " benchmark's JVM first read the record (the first assignment of the turn, its"
            + " terminal event); the handler's start and return, marked in the echo worker; seen,"
            + " the driver's read_committed consumer. The coordinator's own records carry the"
            + " broker time of the input that caused them (the stamps compared above), so they do"
            + " not time its decisions; the consumers do, and their fetches add up to a poll's"
            + " latency to each written and committed point. Each"
            + " row is that segment alone, its median and 95th percentile over the turns; they do"
            + " not add up to the last row.");
  }

  /**
   * The consumers that mark when assignments and terminal events were written and committed, and
   * note the coordinator's own stamps on each turn's TurnAccepted event and first assignment.
   */
  private record Watchers(List<TopicWatcher<?>> all) implements AutoCloseable {

    static Watchers start(
        String bootstrap, Deployment deployment, TurnTimes times, CoordinatorStamps stamps) {
      String assignments = deployment.layout().assignments();
      return new Watchers(
          List.of(
              new TopicWatcher<>(
                  bootstrap,
                  assignments,
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
              new TopicWatcher<>(
                  bootstrap,
                  assignments,
                  "read_committed",
                  AvroSerde.forValue(Assignment.class, deployment.registry()),
                  (record, seen) ->
                      times.mark(record.value().getTurnId(), TurnPoint.ASSIGNMENT_COMMITTED, seen)),
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
