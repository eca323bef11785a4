package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.topology.CoordinatorStores;
import dev.baton.coordinator.topology.DeadPeers;
import dev.baton.coordinator.topology.KeptEvents;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.coordinator.topology.TurnPages;
import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.TenantIds;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SessionEvent;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@link SessionService} of a coordinator instance: ownership from Kafka Streams' metadata
 * ({@code queryMetadataForKey} on the sessions store), reads from the owner's stores by interactive
 * queries on the session's partition, and commands through an idempotent producer ({@code
 * acks=all}, no linger) keyed by session id.
 *
 * <p>It is created before Kafka Streams (the HTTP API starts first, to know its port) and answers
 * {@link SessionOwner.Unknown} until {@link #attach} is called.
 *
 * <pre>{@code
 * KafkaSessionService service = KafkaSessionService.create(kafkaBootstrap, commandsTopic, registry);
 * HttpApi api = HttpApi.start(
 *     host, port, checks, service, waiters, HttpOptions.defaults(), SessionLimits.defaults());
 * service.attach(streams, new HostInfo(host, api.port()));
 * }</pre>
 */
public final class KafkaSessionService implements SessionService, AutoCloseable {

  /** How long writing a command may take before the request fails. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  /** How many history messages finding a turn's answer reads at most, newest first. */
  static final int ANSWER_SCAN_LIMIT = 10_000;

  private record Attached(KafkaStreams streams, HostInfo self, DeadPeers deadPeers) {}

  private final KafkaProducer<String, Command> producer;
  private final String commandsTopic;
  private volatile Attached attached;

  private KafkaSessionService(KafkaProducer<String, Command> producer, String commandsTopic) {
    this.producer = producer;
    this.commandsTopic = commandsTopic;
  }

  /**
   * A service that writes commands to {@code commandsTopic} on {@code kafka}, looking the {@code
   * Command} schema up in {@code registry} (never registering it), with the producer's default
   * {@code max.request.size} (1 MiB).
   */
  public static KafkaSessionService create(
      KafkaConnection kafka, String commandsTopic, SchemaRegistryClient registry) {
    return create(kafka, commandsTopic, registry, TopologyOptions.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * {@link #create(KafkaConnection, String, SchemaRegistryClient)} with the producer's {@code
   * max.request.size} at {@code maxRecordBytes} ({@link TopologyOptions#maxRecordBytes()}), so that
   * a submit of the largest input the limits allow can be written.
   */
  public static KafkaSessionService create(
      KafkaConnection kafka,
      String commandsTopic,
      SchemaRegistryClient registry,
      int maxRecordBytes) {
    Map<String, Object> props = kafka.clientConfig();
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    KafkaProducer<String, Command> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            AvroSerde.forValue(Command.class, registry).lookupOnly());
    return new KafkaSessionService(producer, commandsTopic);
  }

  /**
   * Starts answering from {@code streams}.
   *
   * @param self this instance's {@code application.server}, to recognise the sessions it owns
   */
  public void attach(KafkaStreams streams, HostInfo self) {
    this.attached = new Attached(streams, self, null);
  }

  /**
   * As {@link #attach(KafkaStreams, HostInfo)}, and tells {@code deadPeers} which owners refuse the
   * connections of forwarded requests and which answer; this service closes it when it closes.
   */
  public void attach(KafkaStreams streams, HostInfo self, DeadPeers deadPeers) {
    this.attached = new Attached(streams, self, deadPeers);
  }

  @Override
  public void ownerRefused(SessionOwner.Remote owner) {
    Attached current = attached;
    if (current != null && current.deadPeers() != null) {
      current.deadPeers().refused(owner.host(), owner.port());
    }
  }

  @Override
  public void ownerReached(SessionOwner.Remote owner) {
    Attached current = attached;
    if (current != null && current.deadPeers() != null) {
      current.deadPeers().reached(owner.host(), owner.port());
    }
  }

  @Override
  public SessionOwner ownerOf(String sessionId) {
    Attached current = attached;
    if (current == null) {
      return new SessionOwner.Unknown();
    }
    KeyQueryMetadata metadata;
    try {
      metadata = metadata(current.streams(), sessionId);
    } catch (KafkaException e) {
      return new SessionOwner.Unknown(); // not started yet, or shutting down
    }
    HostInfo owner = metadata == null ? null : metadata.activeHost();
    if (owner == null || owner.equals(HostInfo.unavailable())) {
      return new SessionOwner.Unknown();
    }
    return owner.equals(current.self())
        ? new SessionOwner.Local()
        : new SessionOwner.Remote(owner.host(), owner.port());
  }

  @Override
  public Optional<StoredSession> session(String sessionId) {
    ReadOnlyKeyValueStore<String, StoredSession> sessions =
        store(CoordinatorStores.SESSIONS, sessionId);
    StoredSession record = sessions.get(sessionId);
    if (record == null || !TurnPages.mayHavePages(record)) {
      return Optional.ofNullable(record);
    }
    ReadOnlyKeyValueStore<HistoryKey, List<RememberedTurn>> pages =
        store(CoordinatorStores.TURNS, sessionId);
    return Optional.of(TurnPages.filled(record, TurnPages.read(pages, sessionId)));
  }

  @Override
  public List<StoredSession> localSessions(String tenant) {
    ReadOnlyKeyValueStore<String, StoredSession> sessions = localSessionStores();
    List<StoredSession> found = new ArrayList<>();
    boolean defaultTenant = TenantIds.DEFAULT.equals(tenant);
    try (KeyValueIterator<String, StoredSession> keys =
        defaultTenant
            ? sessions.all()
            : sessions.prefixScan(tenant + SessionKeys.SEPARATOR, new StringSerializer())) {
      while (keys.hasNext()) {
        KeyValue<String, StoredSession> next = keys.next();
        if (SessionKeys.tenantOf(next.key).equals(tenant)) {
          found.add(next.value);
        }
      }
    }
    return found;
  }

  /**
   * The keys of the sessions of this instance's active tasks that have a running or a queued turn:
   * a scan of every one of their sessions.
   *
   * @throws InvalidStateStoreException while the stores cannot be queried (rebalancing)
   */
  public List<String> localSessionKeysWithTurns() {
    List<String> found = new ArrayList<>();
    try (KeyValueIterator<String, StoredSession> all = localSessionStores().all()) {
      while (all.hasNext()) {
        KeyValue<String, StoredSession> next = all.next();
        SessionState state = next.value.state();
        if (state.activeTurn().isPresent() || !state.queue().isEmpty()) {
          found.add(next.key);
        }
      }
    }
    return found;
  }

  /** The session stores of this instance's active tasks, as one. */
  private ReadOnlyKeyValueStore<String, StoredSession> localSessionStores() {
    return attached()
        .streams()
        .store(
            StoreQueryParameters.fromNameAndType(
                CoordinatorStores.SESSIONS, QueryableStoreTypes.keyValueStore()));
  }

  @Override
  public List<SessionOwner.Remote> otherInstances() {
    Attached current = attached;
    if (current == null) {
      return List.of();
    }
    return current.streams().metadataForAllStreamsClients().stream()
        .map(StreamsMetadata::hostInfo)
        .filter(host -> !host.equals(current.self()) && !host.equals(HostInfo.unavailable()))
        .distinct()
        .map(host -> new SessionOwner.Remote(host.host(), host.port()))
        .toList();
  }

  private Attached attached() {
    Attached current = attached;
    if (current == null) {
      throw new InvalidStateStoreException("Kafka Streams is not started yet");
    }
    return current;
  }

  @Override
  public List<HistoryEntry> history(String sessionId, long fromSeq, int limit) {
    return range(CoordinatorStores.HISTORY, sessionId, fromSeq, limit);
  }

  @Override
  public List<SessionEvent> events(String sessionId, long fromEventSeq, int limit) {
    return KeptEvents.read(
        store(CoordinatorStores.EVENTS, sessionId), sessionId, fromEventSeq, limit);
  }

  /** Reads the history newest first: a turn's messages are contiguous, its answer is its last. */
  @Override
  public Optional<String> answer(String sessionId, String turnId) {
    ReadOnlyKeyValueStore<HistoryKey, HistoryEntry> history =
        store(CoordinatorStores.HISTORY, sessionId);
    try (KeyValueIterator<HistoryKey, HistoryEntry> newestFirst =
        history.reverseRange(HistoryKey.first(sessionId), HistoryKey.last(sessionId))) {
      boolean inTurn = false;
      for (int read = 0; read < ANSWER_SCAN_LIMIT && newestFirst.hasNext(); read++) {
        HistoryEntry entry = newestFirst.next().value;
        if (turnId.equals(entry.getTurnId())) {
          inTurn = true;
          if (entry.getMessage().getRole() == Role.ASSISTANT) {
            return Optional.of(entry.getMessage().getContent());
          }
        } else if (inTurn) {
          break;
        }
      }
      return Optional.empty();
    }
  }

  @Override
  public void send(Command command) {
    ProducerRecord<String, Command> record =
        new ProducerRecord<>(commandsTopic, command.getSessionId(), command);
    // The request's span (if one is current) is the parent of everything the command leads to.
    W3CTraceContextPropagator.getInstance()
        .inject(
            io.opentelemetry.context.Context.current(),
            record.headers(),
            (headers, name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing a command", e);
    } catch (ExecutionException e) {
      throw new KafkaException("writing a command failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("writing a command took over " + SEND_TIMEOUT, e);
    }
  }

  private <V> List<V> range(String storeName, String sessionId, long from, int limit) {
    ReadOnlyKeyValueStore<HistoryKey, V> store = store(storeName, sessionId);
    List<V> values = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, V> range =
        store.range(new HistoryKey(sessionId, from), HistoryKey.last(sessionId))) {
      while (values.size() < limit && range.hasNext()) {
        values.add(range.next().value);
      }
    }
    return values;
  }

  /** The store of the session's partition on this instance; throws if it is not queryable. */
  private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, String sessionId) {
    Attached current = attached();
    KeyQueryMetadata metadata = metadata(current.streams(), sessionId);
    if (metadata == null || metadata.partition() < 0) {
      throw new InvalidStateStoreException("the partition of session " + sessionId + " is unknown");
    }
    return current
        .streams()
        .store(
            StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                .withPartition(metadata.partition()));
  }

  private static KeyQueryMetadata metadata(KafkaStreams streams, String sessionId) {
    return streams.queryMetadataForKey(
        CoordinatorStores.SESSIONS, sessionId, Serdes.String().serializer());
  }

  /** Closes the producer, waiting up to the send timeout for commands still being sent. */
  @Override
  public void close() {
    close(SEND_TIMEOUT);
  }

  /**
   * Closes the producer, waiting up to {@code timeout} for commands still being sent; those not
   * sent by then are dropped, their submits having failed or being left unanswered, so their
   * clients submit them again (a turn id makes that safe). Then closes the attached dead peers.
   */
  public void close(Duration timeout) {
    producer.close(timeout);
    Attached current = attached;
    if (current != null && current.deadPeers() != null) {
      current.deadPeers().close();
    }
  }
}
