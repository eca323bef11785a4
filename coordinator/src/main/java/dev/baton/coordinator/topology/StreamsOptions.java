package dev.baton.coordinator.topology;

import dev.baton.schemas.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StreamsSettings} needs to know of one coordinator instance: the values of its Kafka
 * Streams application. The composition root derives them from its configuration and checks their
 * ranges; this record only refuses nulls.
 *
 * <p>{@code new KafkaStreams(topology, StreamsSettings.of(config.streams(), httpPort),
 * StreamsSettings.clients(config.streams()))}
 *
 * @param applicationId the Kafka Streams application id, which also names the history topic
 * @param kafka Kafka's bootstrap servers and the client configs every client of Kafka Streams gets
 * @param processingMode exactly-once or at-least-once
 * @param commitInterval Kafka Streams' commit interval
 * @param idleCommit {@link TopologyOptions#idleCommit()}, which bounds how long a thread may poll
 * @param producerLinger the linger of the coordinator's producers
 * @param streamThreads Kafka Streams threads of this instance
 * @param standbyReplicas Kafka Streams' {@code num.standby.replicas}
 * @param stateMemoryBytes the memory the process's RocksDB state stores share
 * @param sessionTimeout the Streams consumer's {@code session.timeout.ms}
 * @param evictUnreachableAfter how long another instance refuses connections before this one evicts
 *     it ({@link DeadPeers}); zero for never, and then the stream threads are dynamic members
 * @param stateDir where Kafka Streams keeps its local state
 * @param advertisedHost the host other instances reach this one's HTTP API at
 */
public record StreamsOptions(
    String applicationId,
    KafkaConnection kafka,
    ProcessingMode processingMode,
    Duration commitInterval,
    Optional<Duration> idleCommit,
    Duration producerLinger,
    int streamThreads,
    int standbyReplicas,
    long stateMemoryBytes,
    Duration sessionTimeout,
    Duration evictUnreachableAfter,
    Path stateDir,
    String advertisedHost) {

  /** Refuses nulls. */
  public StreamsOptions {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(processingMode, "processingMode");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(idleCommit, "idleCommit");
    Objects.requireNonNull(producerLinger, "producerLinger");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(evictUnreachableAfter, "evictUnreachableAfter");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(advertisedHost, "advertisedHost");
  }
}
