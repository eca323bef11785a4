package dev.baton.coordinator.auth;

import dev.baton.coordinator.auth.internal.TokenFormat;
import dev.baton.coordinator.auth.internal.TokenRecords;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.Topic;
import dev.baton.schemas.avro.ApiToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates, lists and revokes API tokens in the tokens topic, which every coordinator reads. A token
 * is shown once, when it is created; the topic keeps only the hash of its secret.
 *
 * <pre>{@code
 * try (TokenAdmin admin = TokenAdmin.connect(bootstrap, topics.tokens())) {
 *   IssuedToken issued = admin.create("acme", Set.of(Scope.TURNS_WRITE), "chat-backend");
 *   admin.revoke(issued.grant().tokenId());
 * }
 * }</pre>
 */
public final class TokenAdmin implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, ApiToken> producer;
  private final KafkaConnection kafka;
  private final Topic<String, ApiToken> topic;
  private final Clock clock;

  private TokenAdmin(
      KafkaProducer<String, ApiToken> producer,
      KafkaConnection kafka,
      Topic<String, ApiToken> topic,
      Clock clock) {
    this.producer = producer;
    this.kafka = kafka;
    this.topic = topic;
    this.clock = clock;
  }

  /** An admin of the tokens in {@code topic} on the cluster at {@code kafkaBootstrap}. */
  public static TokenAdmin connect(String kafkaBootstrap, Topic<String, ApiToken> topic) {
    return connect(KafkaConnection.of(kafkaBootstrap), topic);
  }

  /**
   * An admin of the tokens in {@code topic} through {@code kafka}, with its client configs (TLS,
   * SASL); its principal needs {@code Write} on the topic.
   */
  public static TokenAdmin connect(KafkaConnection kafka, Topic<String, ApiToken> topic) {
    Map<String, Object> props = kafka.clientConfig();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "baton-token-admin");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    KafkaProducer<String, ApiToken> producer =
        new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer());
    return new TokenAdmin(producer, kafka, topic, Clock.systemUTC());
  }

  /**
   * Creates a token for {@code tenant} with {@code scopes}, and waits until the topic has it.
   *
   * @param name a label for people; may be empty
   * @throws IllegalArgumentException if the tenant is invalid or no scope is given
   */
  public IssuedToken create(String tenant, Set<Scope> scopes, String name) {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one scope: " + Scope.labels());
    }
    TokenFormat.Parts parts = TokenFormat.generate();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    TokenGrant grant = new TokenGrant(parts.tokenId(), tenant, scopes, name, now);
    write(parts.tokenId(), TokenRecords.toRecord(grant, TokenFormat.hash(parts.secret())));
    return new IssuedToken(parts.token(), grant);
  }

  /**
   * Revokes token {@code tokenId}: every coordinator refuses it once it reads the tombstone.
   *
   * @return whether the token existed
   */
  public boolean revoke(String tokenId) {
    boolean existed = list().stream().anyMatch(grant -> grant.tokenId().equals(tokenId));
    if (existed) {
      write(tokenId, null);
    }
    return existed;
  }

  /** The active tokens' grants, oldest first: read from the whole topic. */
  public List<TokenGrant> list() {
    try (TokenDirectory directory = TokenDirectory.start(kafka, topic)) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!directory.ready()) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("the tokens topic " + topic.name() + " was not read in time");
        }
        sleepBriefly();
      }
      return directory.grants().stream()
          .sorted(Comparator.comparing(TokenGrant::createdAt))
          .toList();
    }
  }

  private void write(String tokenId, ApiToken value) {
    try {
      producer
          .send(new ProducerRecord<>(topic.name(), tokenId, value))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("writing token " + tokenId + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("writing token " + tokenId + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing token " + tokenId, e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while reading the tokens topic", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
