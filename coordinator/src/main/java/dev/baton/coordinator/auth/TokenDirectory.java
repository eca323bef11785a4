package dev.baton.coordinator.auth;

import dev.baton.coordinator.auth.internal.TokenFormat;
import dev.baton.coordinator.auth.internal.TokenRecords;
import dev.baton.coordinator.auth.internal.TokenRecords.StoredGrant;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.Topic;
import dev.baton.schemas.avro.ApiToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every coordinator's copy of the tokens topic: a thread reads the compacted topic from its start
 * and keeps each token's grant in memory, so a token created or revoked anywhere is known here as
 * soon as its record is read (well under a second on a healthy cluster). It is {@link #ready()}
 * once it has read up to the end the topic had when it started.
 *
 * <pre>{@code
 * try (TokenDirectory tokens = TokenDirectory.start(bootstrap, topics.tokens())) {
 *   tokens.verify(bearer).ifPresent(grant -> ...);
 * }
 * }</pre>
 */
public final class TokenDirectory implements TokenVerifier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TokenDirectory.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaConsumer<String, ApiToken> consumer;
  private final String topic;
  private final Map<String, StoredGrant> grants = new ConcurrentHashMap<>();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread reader;
  private Map<TopicPartition, Long> startEnds;

  private TokenDirectory(KafkaConsumer<String, ApiToken> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
    this.reader = Thread.ofPlatform().name("baton-tokens").daemon().unstarted(this::run);
  }

  /** Starts reading {@code topic} on the cluster at {@code kafkaBootstrap}. */
  public static TokenDirectory start(String kafkaBootstrap, Topic<String, ApiToken> topic) {
    return start(KafkaConnection.of(kafkaBootstrap), topic);
  }

  /** Starts reading {@code topic} through {@code kafka}, with its client configs (TLS, SASL). */
  public static TokenDirectory start(KafkaConnection kafka, Topic<String, ApiToken> topic) {
    Map<String, Object> props = kafka.clientConfig();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "baton-tokens");
    TokenDirectory directory =
        new TokenDirectory(
            new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer()),
            topic.name());
    directory.reader.start();
    return directory;
  }

  @Override
  public boolean ready() {
    return ready.get();
  }

  @Override
  public Optional<TokenGrant> verify(String token) {
    return TokenFormat.parse(token)
        .flatMap(
            parts ->
                Optional.ofNullable(grants.get(parts.tokenId()))
                    .filter(stored -> TokenFormat.matches(parts.secret(), stored.secretHash()))
                    .map(StoredGrant::grant));
  }

  /** The grants known now, for listing; never their hashes. */
  public List<TokenGrant> grants() {
    return grants.values().stream().map(StoredGrant::grant).toList();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      startEnds = consumer.endOffsets(partitions);
      while (!closed.get()) {
        for (ConsumerRecord<String, ApiToken> record : consumer.poll(POLL)) {
          apply(record);
        }
        checkReady(partitions);
      }
    } catch (WakeupException e) {
      // Closing.
    } catch (RuntimeException e) {
      log.error("Reading the tokens topic {} failed; no token is known from now on", topic, e);
      grants.clear();
      ready.set(false);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  private List<TopicPartition> awaitPartitions() {
    while (!closed.get()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
      log.info("Tokens topic {} does not exist yet; waiting for it", topic);
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new WakeupException();
  }

  private void apply(ConsumerRecord<String, ApiToken> record) {
    if (record.value() == null) {
      grants.remove(record.key());
      return;
    }
    try {
      grants.put(record.key(), TokenRecords.fromRecord(record.value()));
    } catch (IllegalArgumentException e) {
      log.warn("Skipping token {}: {}", record.key(), e.getMessage());
    }
  }

  private void checkReady(List<TopicPartition> partitions) {
    if (ready.get()) {
      return;
    }
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < startEnds.getOrDefault(partition, 0L)) {
        return;
      }
    }
    ready.set(true);
    log.info("Tokens loaded: {} active", grants.size());
  }

  /** Stops reading; every token is refused afterwards. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      consumer.wakeup();
      try {
        reader.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      grants.clear();
      ready.set(false);
    }
  }
}
