package dev.baton.coordinator.stream;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turn streams of one process: one {@code read_committed} consumer, on a thread of its own,
 * reads the session-events and turn-stream partitions that open streams need (assigned, no group)
 * and hands the records of each session with an open stream to its {@link StreamSubscription}s; the
 * records of other sessions are not decoded. An event that ends an attempt or the turn is held
 * until the turn-stream partition is read up to its end offset taken after the event was read, so
 * every delta a worker wrote before its result comes before the event.
 *
 * <pre>{@code
 * try (TurnStreams streams = TurnStreams.start(bootstrap, eventsTopic, streamTopic, registry)) {
 *   StreamSubscription subscription = streams.open("s-1", "t-1", StreamStart.at(acceptedAt), 1024);
 * }
 * }</pre>
 */
public final class TurnStreams implements AutoCloseable {

  /**
   * How far before a turn's first event a stream from its start begins reading, for the clocks of
   * the brokers that lead the two partitions.
   */
  public static final Duration START_SLACK = Duration.ofSeconds(5);

  /** How long opening a stream waits for the reader. */
  public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(TurnStreams.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long NO_BARRIER = -1;
  private static final long BARRIER_UNKNOWN = Long.MAX_VALUE;

  /** A session event read and not yet handed on, with the delta offset it waits for. */
  private static final class HeldEvent {
    final ConsumerRecord<String, byte[]> record;
    final SessionEvent event;
    long barrier;

    HeldEvent(ConsumerRecord<String, byte[]> record, SessionEvent event, long barrier) {
      this.record = record;
      this.event = event;
      this.barrier = barrier;
    }
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<SessionEvent> events;
  private final Deserializer<StreamDelta> deltas;
  private final String eventsTopic;
  private final String deltasTopic;
  private final LinkedBlockingQueue<Runnable> requests = new LinkedBlockingQueue<>();
  private final Map<String, List<StreamSubscription>> bySession = new HashMap<>();
  private final List<StreamOpening> opening = new ArrayList<>();
  private final Map<Integer, ArrayDeque<HeldEvent>> held = new HashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private int partitions = -1;

  private TurnStreams(
      KafkaConsumer<String, byte[]> consumer,
      Deserializer<SessionEvent> events,
      Deserializer<StreamDelta> deltas,
      String eventsTopic,
      String deltasTopic) {
    this.consumer = consumer;
    this.events = events;
    this.deltas = deltas;
    this.eventsTopic = eventsTopic;
    this.deltasTopic = deltasTopic;
    this.thread = Thread.ofPlatform().daemon().name("baton-turn-streams").unstarted(this::run);
  }

  /**
   * Starts the reader of {@code eventsTopic} (session events) and {@code deltasTopic} (output
   * deltas) on {@code kafka}, decoding with schemas from {@code registry}.
   */
  public static TurnStreams start(
      KafkaConnection kafka,
      String eventsTopic,
      String deltasTopic,
      SchemaRegistryClient registry) {
    Map<String, Object> props = kafka.clientConfig();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "baton-turn-streams");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    TurnStreams streams =
        new TurnStreams(
            consumer,
            AvroSerde.forValue(SessionEvent.class, registry).deserializer(),
            AvroSerde.forValue(StreamDelta.class, registry).deserializer(),
            eventsTopic,
            deltasTopic);
    streams.thread.start();
    return streams;
  }

  /**
   * Opens a stream of turn {@code turnId} of {@code sessionId} from {@code start} (a time or a
   * {@link TurnCursor}), buffering up to {@code bufferEvents} events for its client.
   *
   * @throws TurnStreamException if its records are gone ({@link TurnStreamException#isExpired()})
   *     or the reader did not open it within {@link #OPEN_TIMEOUT}
   */
  public StreamSubscription open(
      String sessionId, String turnId, StreamStart start, int bufferEvents)
      throws InterruptedException {
    Objects.requireNonNull(turnId, "turnId");
    return subscribe(sessionId, turnId, start, bufferEvents);
  }

  /**
   * Opens the feed of every turn of {@code sessionId} from {@code start} ({@link StreamStart#live}
   * or a {@link FeedCursor}), buffering up to {@code bufferEvents} events.
   *
   * @throws TurnStreamException as {@link #open}
   */
  public StreamSubscription openFeed(String sessionId, StreamStart start, int bufferEvents)
      throws InterruptedException {
    return subscribe(sessionId, null, start, bufferEvents);
  }

  private StreamSubscription subscribe(
      String sessionId, String turnId, StreamStart start, int bufferEvents)
      throws InterruptedException {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(start, "start");
    if (bufferEvents < 1) {
      throw new IllegalArgumentException("bufferEvents must be positive, got " + bufferEvents);
    }
    CompletableFuture<StreamSubscription> opened = new CompletableFuture<>();
    // No wakeup: it would fail whichever consumer call the reader makes next, a registration's
    // own lookups included; the reader takes requests between polls, at most POLL apart.
    requests.add(
        () -> opening.add(new StreamOpening(sessionId, turnId, start, bufferEvents, opened)));
    try {
      return opened.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TurnStreamException streamFailure) {
        throw streamFailure;
      }
      throw TurnStreamException.notReady(sessionId, turnId, e.getCause());
    } catch (TimeoutException e) {
      opened.thenAccept(StreamSubscription::close);
      throw TurnStreamException.notReady(sessionId, turnId, e);
    }
  }

  private void run() {
    while (!closed) {
      try {
        runRequests();
        if (consumer.assignment().isEmpty()) {
          Runnable request = requests.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
          if (request != null) {
            request.run();
          }
          continue;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        handOn(records);
        dropFinished();
      } catch (WakeupException e) {
        // closing
      } catch (InterruptedException | InterruptException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("The turn stream reader failed; it goes on", e);
        }
      }
    }
  }

  private void runRequests() {
    for (Runnable request = requests.poll(); request != null; request = requests.poll()) {
      request.run();
    }
    openAll();
  }

  /**
   * Opens the streams asked for since the last batch, their broker lookups shared ({@link
   * OffsetLookups}); one that fails alone fails alone, a lookup that fails fails the batch.
   */
  private void openAll() {
    if (opening.isEmpty()) {
      return;
    }
    List<StreamOpening> batch = new ArrayList<>();
    for (StreamOpening next : opening) {
      try {
        next.locate(eventsTopic, deltasTopic, partitionOf(next.sessionId()));
        batch.add(next);
      } catch (RuntimeException e) {
        next.fail(e);
      }
    }
    opening.clear();
    OffsetLookups lookups;
    try {
      lookups = OffsetLookups.startingWithEnds(consumer, partitionsOf(batch), START_SLACK);
      batch.removeIf(next -> !planned(next, lookups));
      lookups.lookUpTimes();
    } catch (RuntimeException e) {
      batch.forEach(next -> next.fail(e));
      return;
    }
    batch.forEach(next -> open(next, lookups));
  }

  private static Set<TopicPartition> partitionsOf(List<StreamOpening> batch) {
    Set<TopicPartition> partitions = new HashSet<>();
    batch.forEach(next -> partitions.addAll(next.partitions().both()));
    return partitions;
  }

  private static boolean planned(StreamOpening next, OffsetLookups lookups) {
    try {
      next.plan(lookups);
      return true;
    } catch (RuntimeException e) {
      next.fail(e);
      return false;
    }
  }

  private void open(StreamOpening next, OffsetLookups lookups) {
    try {
      StreamSubscription subscription = next.subscribe(lookups, this::closeLater);
      StreamCursor cursor = subscription.filter().cursor();
      StreamOpening.Partitions partitions = next.partitions();
      position(partitions.events(), cursor.eventsOffset() + 1, partitions.events().partition());
      position(partitions.deltas(), cursor.deltaOffset() + 1, partitions.deltas().partition());
      bySession.computeIfAbsent(next.sessionId(), id -> new ArrayList<>()).add(subscription);
      next.open(subscription);
    } catch (RuntimeException e) {
      next.fail(e);
    }
  }

  /** The offsets of the two partitions a stream reads from first. */
  record Offsets(long events, long deltas) {}

  /**
   * Reads {@code topicPartition} from {@code offset} at the latest: assigns it there, or moves the
   * reader back there if it is further on (the open streams skip what they have passed).
   */
  private void position(TopicPartition topicPartition, long offset, int partition) {
    Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
    if (assignment.add(topicPartition)) {
      consumer.assign(assignment);
      consumer.seek(topicPartition, offset);
    } else if (consumer.position(topicPartition) > offset) {
      consumer.seek(topicPartition, offset);
      if (topicPartition.topic().equals(eventsTopic)) {
        forgetHeldFrom(partition, offset);
      }
    }
  }

  /**
   * Drops the held events of {@code partition} from {@code offset} on, which the reader reads
   * again; those before it stay held, in order, or they would be lost.
   */
  private void forgetHeldFrom(int partition, long offset) {
    ArrayDeque<HeldEvent> queue = held.get(partition);
    while (queue != null && !queue.isEmpty() && queue.peekLast().record.offset() >= offset) {
      queue.pollLast();
    }
  }

  private int partitionOf(String sessionId) {
    if (partitions < 0) {
      partitions = consumer.partitionsFor(eventsTopic).size();
    }
    return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private void handOn(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      if (partition.topic().equals(deltasTopic)) {
        for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
          handOnDelta(record);
        }
      }
    }
    Set<TopicPartition> needEnds = new HashSet<>();
    for (TopicPartition partition : records.partitions()) {
      if (partition.topic().equals(eventsTopic)) {
        for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
          hold(record, needEnds);
        }
      }
    }
    if (!needEnds.isEmpty()) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(needEnds);
      ends.forEach((partition, end) -> setBarriers(partition.partition(), end));
    }
    releaseHeld();
  }

  private void handOnDelta(ConsumerRecord<String, byte[]> record) {
    List<StreamSubscription> subscriptions = bySession.get(record.key());
    if (subscriptions == null) {
      return;
    }
    StreamDelta delta = decode(deltas, record);
    if (delta != null) {
      for (StreamSubscription subscription : subscriptions) {
        subscription.filter().onDelta(record.offset(), delta);
      }
    }
  }

  private void hold(ConsumerRecord<String, byte[]> record, Set<TopicPartition> needEnds) {
    if (!bySession.containsKey(record.key())) {
      return;
    }
    SessionEvent event = decode(events, record);
    if (event == null) {
      return;
    }
    long barrier = NO_BARRIER;
    if (StreamEvents.needsDeltasFirst(event.getBody())) {
      barrier = BARRIER_UNKNOWN;
      needEnds.add(new TopicPartition(deltasTopic, record.partition()));
    }
    held.computeIfAbsent(record.partition(), p -> new ArrayDeque<>())
        .addLast(new HeldEvent(record, event, barrier));
  }

  private void setBarriers(int partition, long end) {
    ArrayDeque<HeldEvent> queue = held.get(partition);
    if (queue != null) {
      for (HeldEvent event : queue) {
        if (event.barrier == BARRIER_UNKNOWN) {
          event.barrier = end;
        }
      }
    }
  }

  private void releaseHeld() {
    for (Map.Entry<Integer, ArrayDeque<HeldEvent>> entry : held.entrySet()) {
      long read = consumer.position(new TopicPartition(deltasTopic, entry.getKey()));
      ArrayDeque<HeldEvent> queue = entry.getValue();
      while (!queue.isEmpty() && queue.peekFirst().barrier <= read) {
        HeldEvent next = queue.pollFirst();
        List<StreamSubscription> subscriptions = bySession.get(next.record.key());
        if (subscriptions != null) {
          for (StreamSubscription subscription : subscriptions) {
            subscription.filter().onEvent(next.record.offset(), next.event);
          }
        }
      }
    }
  }

  private <T> T decode(Deserializer<T> deserializer, ConsumerRecord<String, byte[]> record) {
    try {
      return deserializer.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn(
          "Skipping record {}-{}@{} of a turn stream: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return null;
    }
  }

  private void closeLater(StreamSubscription subscription) {
    requests.add(() -> remove(subscription));
  }

  private void dropFinished() {
    List<StreamSubscription> finished = new ArrayList<>();
    for (List<StreamSubscription> list : bySession.values()) {
      list.stream().filter(StreamSubscription::done).forEach(finished::add);
    }
    finished.forEach(this::remove);
  }

  private void remove(StreamSubscription subscription) {
    List<StreamSubscription> list = bySession.get(subscription.sessionId());
    if (list == null || !list.remove(subscription)) {
      return;
    }
    if (list.isEmpty()) {
      bySession.remove(subscription.sessionId());
      releasePartitionIfUnused(partitionOf(subscription.sessionId()));
    }
  }

  private void releasePartitionIfUnused(int partition) {
    for (String sessionId : bySession.keySet()) {
      if (partitionOf(sessionId) == partition) {
        return;
      }
    }
    Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
    assignment.remove(new TopicPartition(eventsTopic, partition));
    assignment.remove(new TopicPartition(deltasTopic, partition));
    consumer.assign(assignment);
    held.remove(partition);
  }

  /** Stops the reader and closes its consumer. */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    thread.interrupt();
    try {
      thread.join(OPEN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
  }
}
