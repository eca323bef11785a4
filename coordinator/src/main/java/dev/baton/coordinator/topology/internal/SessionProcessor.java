package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorStores;
import dev.baton.coordinator.topology.DecisionListener;
import dev.baton.coordinator.topology.InputProgress;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one writer of every session's state: reads raw commands and worker results, plans each
 * record's effects with {@link SessionPlanner} and applies them with {@link EffectWriter}. It
 * forwards {@code SessionEvent}s and {@code Assignment}s, keyed by session id.
 *
 * <p>Its timers act at the {@link TimerClock}'s time, the broker time up to which the task's input
 * is known to be processed, not at the wall clock alone.
 *
 * <p>{@code builder.stream(inputs, consumed).process(() -> new SessionProcessor(topics, partitions,
 * options, sessionSerde, listener, progress), CoordinatorStores.SESSIONS,
 * CoordinatorStores.HISTORY, CoordinatorStores.EVENTS, CoordinatorStores.TIMERS,
 * CoordinatorStores.PAYLOADS, CoordinatorStores.TURNS)}
 */
public final class SessionProcessor implements Processor<String, byte[], String, SpecificRecord> {

  /** The most sessions one punctuation checks; the rest wait for the next one. */
  static final int MAX_TIMERS_PER_PUNCTUATION = 1000;

  private final Topics topics;
  private final int partitions;
  private final TopologyOptions options;
  private final StoredSessionSerde sessionSerde;
  private final DecisionListener listener;
  private final InputProgress progress;
  private TimerClock clock;
  private ProcessorContext<String, SpecificRecord> context;
  private SessionPlanner planner;
  private EffectWriter writer;
  private TaskMetrics metrics;
  private TaskTimers timers;
  private KeyValueStore<String, String> payloads;
  private Optional<IdleCommits> idleCommits = Optional.empty();

  /**
   * A processor for the inputs of {@code topics}, which have {@code partitions} partitions, with
   * {@code options}, that measures session values with {@code sessionSerde} (the sessions store's
   * serde, which then reuses the bytes), tells {@code listener} its decisions and times its timers
   * by {@code progress}.
   */
  public SessionProcessor(
      Topics topics,
      int partitions,
      TopologyOptions options,
      StoredSessionSerde sessionSerde,
      DecisionListener listener,
      InputProgress progress) {
    this.topics = topics;
    this.partitions = partitions;
    this.options = options;
    this.sessionSerde = sessionSerde;
    this.listener = listener;
    this.progress = progress;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    KeyValueStore<String, StoredSession> sessions =
        context.getStateStore(CoordinatorStores.SESSIONS);
    KeyValueStore<HistoryKey, HistoryEntry> history =
        context.getStateStore(CoordinatorStores.HISTORY);
    KeyValueStore<HistoryKey, List<SessionEvent>> events =
        context.getStateStore(CoordinatorStores.EVENTS);
    TimerChecks timerChecks = new TimerChecks(context, options.timerInterval(), this::checkTimers);
    timers =
        new TaskTimers(
            context.getStateStore(CoordinatorStores.TIMERS),
            sessions,
            timerChecks,
            context.taskId());
    int partition = context.taskId().partition();
    clock =
        new TimerClock(
            progress,
            List.of(
                new TopicPartition(topics.commands().name(), partition),
                new TopicPartition(topics.workerResults().name(), partition)));
    payloads = context.getStateStore(CoordinatorStores.PAYLOADS);
    SessionRecordStores records =
        new SessionRecordStores(sessions, payloads, context.getStateStore(CoordinatorStores.TURNS));
    metrics = TaskMetrics.register(context);
    RecordBudget budget =
        new RecordBudget(options.maxRecordBytes(), topics, sessionSerde, new TurnPageSerde());
    HistoryStore historyStore = new HistoryStore(history);
    planner =
        new SessionPlanner(
            new RecordIntake(topics, partitions, options.maxRecordBytes()),
            options,
            budget,
            records.loader(),
            historyStore);
    writer =
        new EffectWriter(
            context,
            records,
            timers,
            historyStore,
            new EventStore(
                events, options.eventsPerSession(), budget.maxValueBytes(), budget::avroBytes),
            metrics,
            listener,
            options.contextBytes(),
            budget);
    idleCommits =
        options
            .idleCommit()
            .map(
                quiet ->
                    new IdleCommits(
                        context,
                        quiet,
                        new ThreadCommits(context.metrics()::metrics),
                        PollPacing::quietPolls));
    timerChecks.start();
  }

  /**
   * Sends {@code CheckTimers} to every session whose timer is due: a turn past its deadline, work
   * whose lease expired, a session idle past its time to live. At most {@link
   * #MAX_TIMERS_PER_PUNCTUATION} at a time, earliest first, so one punctuation stays short. An
   * entry its session no longer has (an orphan) is deleted rather than checked, and a check that
   * finds nothing due still moves a stale entry, so neither crowds out due sessions again. Timers
   * act at the {@link TimerClock}'s time, which waits for the input backlog. Returns when the
   * earliest timer left is due, for {@link TimerChecks} to check again.
   */
  private Optional<Instant> checkTimers(long wallClockMillis) {
    Optional<Instant> clockNow = clock.now(Instant.ofEpochMilli(wallClockMillis));
    if (clockNow.isEmpty()) {
      return timers.earliest();
    }
    Instant now = clockNow.get();
    List<String> due = timers.dueBefore(now, MAX_TIMERS_PER_PUNCTUATION);
    for (String timerKey : due) {
      InputRecord tick = InputRecord.timer(TimerKeys.sessionId(timerKey), now);
      apply(planner.planTimer(timerKey, now), tick);
    }
    return timers.earliest();
  }

  @Override
  public void process(Record<String, byte[]> record) {
    InputRecord input =
        InputRecord.of(
            context
                .recordMetadata()
                .orElseThrow(() -> new IllegalStateException("an input record has no metadata")),
            record);
    clock.processed(input);
    apply(planner.plan(input), input);
  }

  /** Writes a decision's effects and tells the idle commits the task has uncommitted work. */
  private void apply(List<Effect> effects, InputRecord input) {
    writer.apply(effects, input);
    idleCommits.ifPresent(commits -> commits.processed(IdleCommits.workersWaitFor(effects)));
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
  }
}
