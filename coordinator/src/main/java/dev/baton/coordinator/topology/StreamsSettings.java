package dev.baton.coordinator.topology;

import dev.baton.coordinator.topology.internal.BoundedStateMemory;
import dev.baton.coordinator.topology.internal.OversizeRecordHandler;
import dev.baton.coordinator.topology.internal.PacedClients;
import dev.baton.coordinator.topology.internal.ProcessingFailureHandler;
import dev.baton.coordinator.topology.internal.StreamsMembers;
import dev.baton.schemas.TopicLayout;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams properties for one coordinator instance.
 *
 * <p><b>Processing guarantee.</b> {@code exactly_once_v2} by default: a record's state changes,
 * history writes, events and assignments commit in one Kafka transaction, so after a crash either
 * all of them are visible to {@code read_committed} consumers or none, and the record is processed
 * again from the restored state. Latency is then bounded below by {@code commit.interval.ms}, since
 * output becomes visible only when the transaction commits. Each commit costs a transaction marker
 * on every partition the transaction wrote, so a short interval throttles a busy instance
 * (docs/benchmarks.md measures 1 to 20 ms). Hence the default of 20 ms (Kafka Streams' own default
 * under exactly-once is 100 ms) with {@link
 * dev.baton.coordinator.topology.TopologyOptions#idleCommit()} at 1 ms, which commits as soon as a
 * task's input goes quiet, so that the interval paces only a busy thread, and a producer linger of
 * 0.
 *
 * <p>{@code at_least_once} ({@link ProcessingMode#AT_LEAST_ONCE}) makes output visible as soon as
 * it is sent, without transactions, for lower latency. What it gives up: after a crash, the records
 * since the last commit are processed again, and the state stores may already hold their effects.
 * So events and assignments can be written twice; a repeated decision can even differ from the
 * first one (a re-processed submit is answered as a duplicate) and its events then get new sequence
 * numbers and ids, so the event log is no longer a gap-free, exact replay of the session. Workers
 * stay safe (a stale fencing token is ignored), but event consumers must tolerate duplicates.
 *
 * <p><b>Failover.</b> The consumer's {@code session.timeout.ms} is {@link
 * StreamsOptions#sessionTimeout()} (6 s by default, Kafka's is 45 s): it decides how long a crashed
 * instance's sessions wait before another instance takes them over. Heartbeats ({@link
 * #heartbeatMillis}) tell an instance that a rebalance started, so they bound how long each
 * rebalance waits for it. The producers' transaction timeout ({@link #TRANSACTION_TIMEOUT_MS})
 * bounds how long its open transaction then keeps the sessions' outputs unreadable.
 * docs/architecture.md has the measurements.
 *
 * <p><b>Standby replicas and warm-up.</b> {@link StreamsOptions#standbyReplicas()} other instances
 * (1 by default) keep a copy of each task's stores up to date from the changelogs, so the instance
 * that takes a crashed one's sessions over runs them at once instead of restoring them first. An
 * instance that joins (a restarted one: under exactly-once a crash leaves no usable local state)
 * gets its share of the tasks back only when its copy is within {@link #ACCEPTABLE_RECOVERY_LAG}
 * records of the changelog's end; until then it keeps them as standbys or warm-up replicas and the
 * current owner keeps serving. Kafka Streams looks for caught-up copies in a probing rebalance,
 * every {@link #PROBING_REBALANCE_INTERVAL_MS} (the shortest it allows), and warms up to {@link
 * #MAX_WARMUP_REPLICAS} tasks at once, so that the tasks move back in one step.
 *
 * <p><b>Bad records.</b> The topology reads raw bytes and rejects bad records itself (a {@code
 * RecordRejected} event and a metric); a deserialization handler that logs and continues is set as
 * a safety net. No record it writes is over the broker's limit ({@link
 * TopologyOptions#maxRecordBytes()}): a decision that would need one is refused before it is
 * written and fails its turn instead. Behind that, {@link OversizeRecordHandler} drops a record the
 * producer still refuses as too large rather than fail the thread on it, and {@link
 * ProcessingFailureHandler} fails the thread only for infrastructure failures such as an
 * unreachable schema registry (the thread is replaced and processes the record again; it must not
 * be lost), and skips a record whose processing failed otherwise (a bug that would only repeat).
 *
 * <p><b>Idle polls.</b> Commits and punctuations happen between polls, so {@code poll.ms} is the
 * idle-commit check (1 ms); the main consumers of {@link #clients} wait that briefly only while
 * their thread had input within a commit interval or a task of it may still ask for an idle commit,
 * and otherwise up to the commit interval, so that an idle thread does not loop a thousand times a
 * second.
 *
 * <p>{@code new KafkaStreams(topology, StreamsSettings.of(config.streams(), httpPort),
 * StreamsSettings.clients(config.streams()))}
 */
public final class StreamsSettings {

  /**
   * The producers' {@code transaction.timeout.ms} under exactly-once: 5 s rather than Kafka
   * Streams' 10 s, since a crashed instance's open transaction keeps its partitions unreadable
   * until the broker aborts it. A busy thread's transaction lasts about {@code commit.interval.ms}
   * (20 ms by default); a lone decision's a few milliseconds, with idle commits.
   */
  public static final int TRANSACTION_TIMEOUT_MS = 5_000;

  /**
   * The producers' first {@code retry.backoff.ms}: 5 ms rather than Kafka's 100 ms. A transaction
   * that starts right after the previous commit can be refused while the broker still completes
   * that one, and its retry then waited 100 ms: with idle commits that was the sequential p95
   * (120-140 ms, 40 ms with this backoff). Retries still back off exponentially up to {@code
   * retry.backoff.max.ms} (1 s).
   */
  public static final int PRODUCER_RETRY_BACKOFF_MS = 5;

  /**
   * Kafka Streams' {@code acceptable.recovery.lag}: how many changelog records an instance's copy
   * of a task may lack and still be given the task as its active owner (10,000 by default, which a
   * restarted instance with no state at all meets while the changelogs are small, so it took tasks
   * at once and restored them while their sessions waited). A standby that follows the changelogs
   * lags by a few records (a transaction marker per partition and what arrived since its last
   * read), so a copy this close restores the rest at once; an instance that lacks more warms up
   * first while the current owner serves the sessions.
   */
  public static final long ACCEPTABLE_RECOVERY_LAG = 100;

  /**
   * Kafka Streams' {@code max.warmup.replicas}: tasks warmed up at once on instances that are to
   * take them over (2 by default, which moves two tasks back per probing rebalance). Baton's
   * default partition count, so that a returning instance warms all of its tasks at once; each
   * warm-up reads one task's changelogs.
   */
  public static final int MAX_WARMUP_REPLICAS = TopicLayout.DEFAULT_PARTITIONS;

  /**
   * Kafka Streams' {@code probing.rebalance.interval.ms}: how often the group looks for warm-up
   * replicas that have caught up, to move their tasks (10 min by default). One minute, the shortest
   * Kafka Streams accepts: a returning instance takes its tasks back within about a minute of
   * catching up, while the current owner serves them.
   */
  public static final long PROBING_REBALANCE_INTERVAL_MS = 60_000;

  /**
   * The longest interval between the consumers' heartbeats: 500 ms. An instance learns that a
   * rebalance started (another instance crashed, joined or gives tasks back) from a heartbeat's
   * answer, and each rebalance waits for every instance to rejoin; a handoff takes two rebalances
   * under the cooperative protocol. With heartbeats every quarter of the 6 s session timeout, each
   * wait could last 1.5 s. Two heartbeats a second per stream thread are little for a broker.
   */
  public static final int MAX_HEARTBEAT_MS = 500;

  private StreamsSettings() {}

  /**
   * The properties of the coordinator's Kafka Streams application: the connection's client configs
   * (TLS, SASL), which Kafka Streams gives each of its clients, then Baton's settings.
   *
   * @param httpPort the port this instance's HTTP API really listens on, advertised to the other
   *     instances for interactive queries
   */
  public static Properties of(StreamsOptions config, int httpPort) {
    Properties props = new Properties();
    props.putAll(config.kafka().clientConfig());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingMode().streamsValue());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.POLL_MS_CONFIG, pollMillis(config));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    int sessionTimeoutMs = Math.toIntExact(config.sessionTimeout().toMillis());
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        heartbeatMillis(sessionTimeoutMs));
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateMemory.class);
    props.put(BoundedStateMemory.BYTES_CONFIG, config.stateMemoryBytes());
    props.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, ACCEPTABLE_RECOVERY_LAG);
    props.put(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG, MAX_WARMUP_REPLICAS);
    props.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, PROBING_REBALANCE_INTERVAL_MS);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + httpPort);
    if (config.evictUnreachableAfter().isPositive()) {
      // Static members, so that another instance can remove this one's threads from the group
      // when it finds it dead (DeadPeers) rather than wait out the session timeout.
      props.put(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          StreamsMembers.instanceId(config.advertisedHost(), httpPort));
    }
    // A crashed instance's open transaction blocks read_committed readers of its partitions until
    // the broker aborts it after this long; Kafka Streams' default under exactly-once is 10 s.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        TRANSACTION_TIMEOUT_MS);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OversizeRecordHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureHandler.class);
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        config.producerLinger().toMillis());
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
        PRODUCER_RETRY_BACKOFF_MS);
    return props;
  }

  /**
   * {@link #of(StreamsOptions, int)} with the producers' {@code max.request.size} at {@code
   * maxRecordBytes} ({@link TopologyOptions#maxRecordBytes()}), so that the producers accept every
   * record the topology's byte budget lets through, and the internal topics Kafka Streams creates
   * (the stores' changelogs) with {@code max.message.bytes} at it too; Baton's own topics must
   * allow as much ({@code TopicBootstrap} creates them so and checks it).
   */
  public static Properties of(StreamsOptions config, int httpPort, int maxRecordBytes) {
    Properties props = of(config, httpPort);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxRecordBytes);
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Integer.toString(maxRecordBytes));
    return props;
  }

  /**
   * The consumers' {@code heartbeat.interval.ms}: {@link #MAX_HEARTBEAT_MS}, or a quarter of the
   * session timeout if that is shorter (at least 100 ms).
   */
  static int heartbeatMillis(int sessionTimeoutMs) {
    return Math.max(100, Math.min(MAX_HEARTBEAT_MS, sessionTimeoutMs / 4));
  }

  /**
   * How long an idle stream thread blocks in a poll: commits and punctuations happen between polls,
   * so the shorter of the commit interval and the idle-commit check (with Kafka Streams' default of
   * 100 ms an idle thread would hold a transaction, and so the assignment a worker waits for, open
   * for up to 100 ms).
   */
  static long pollMillis(StreamsOptions config) {
    // A poll this brief lasts up to the commit interval while no task needs it brief (clients()).
    long commit = config.commitInterval().toMillis();
    return config
        .idleCommit()
        .map(quiet -> Math.max(1, Math.min(commit, quiet.toMillis())))
        .orElse(commit);
  }

  /**
   * The clients of the coordinator's Kafka Streams application: Kafka Streams' own, except that a
   * stream thread's main consumer waits up to the commit interval rather than {@code poll.ms} (the
   * idle-commit check) once its thread has had no input for a commit interval and none of its tasks
   * may still ask for an idle commit, so that an idle instance's threads do not poll a thousand
   * times a second. Pass them with the {@link #of} properties of the same {@code config}.
   */
  public static KafkaClientSupplier clients(StreamsOptions config) {
    return new PacedClients(Duration.ofMillis(pollMillis(config)), config.commitInterval());
  }
}
