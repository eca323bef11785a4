package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Removes a dead instance's stream threads from the application's consumer group, so that the group
 * rebalances at once rather than after its session timeout, and, under exactly-once, first fences
 * their transactional producers, so that their open transactions are aborted at once rather than
 * after the transaction timeout (until then they keep the partitions they wrote unreadable to
 * {@code read_committed} readers, the workers among them). Both are safe if the instance is alive
 * after all: a fenced producer and a removed member make its stream threads close their tasks and
 * join the group again, and exactly-once holds.
 */
public final class GroupEviction implements AutoCloseable {

  /**
   * What an eviction did: the members it removed, the transactional ids it fenced, and why others
   * could not be fenced (their transactions then end by the broker's transaction timeout).
   */
  public record Evicted(List<String> members, List<String> fenced, List<String> notFenced) {}

  private final Admin admin;
  private final Map<String, Object> clientConfig;
  private final String applicationId;
  private final boolean transactional;
  private final Duration timeout;

  /**
   * @param clientConfig the connection's client configs (bootstrap servers, TLS, SASL)
   * @param applicationId the Kafka Streams application id, its consumer group
   * @param transactional whether the stream threads' producers are transactional (exactly-once)
   * @param timeout the bound of each request
   */
  public GroupEviction(
      Map<String, Object> clientConfig,
      String applicationId,
      boolean transactional,
      Duration timeout) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.applicationId = applicationId;
    this.transactional = transactional;
    this.timeout = timeout;
    this.admin = Admin.create(clientConfig);
  }

  /** Evicts the stream threads of the instance whose {@code group.instance.id} is {@code id}. */
  public Evicted evict(String instanceId)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(List.of(applicationId))
            .describedGroups()
            .get(applicationId)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<MemberToRemove> members = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> fenced = new ArrayList<>();
    List<String> notFenced = new ArrayList<>();
    for (MemberDescription member : group.members()) {
      String memberInstance = member.groupInstanceId().orElse("");
      if (StreamsMembers.isThreadOf(memberInstance, instanceId)) {
        members.add(new MemberToRemove(memberInstance));
        names.add(memberInstance);
        if (transactional) {
          StreamsMembers.transactionalId(applicationId, member.clientId())
              .ifPresent(id -> fence(id, fenced, notFenced));
        }
      }
    }
    if (!members.isEmpty()) {
      admin
          .removeMembersFromConsumerGroup(
              applicationId, new RemoveMembersFromConsumerGroupOptions(members))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return new Evicted(names, fenced, notFenced);
  }

  /**
   * Fences the producers of {@code transactionalId} (the broker aborts their open transaction) and
   * adds it to {@code fenced}, or it and the failure to {@code notFenced}.
   */
  private void fence(String transactionalId, List<String> fenced, List<String> notFenced) {
    try {
      fence(transactionalId);
      fenced.add(transactionalId);
    } catch (KafkaException e) {
      notFenced.add(transactionalId + ": " + e);
    }
  }

  private void fence(String transactionalId) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "baton-fence-" + transactionalId);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
    }
  }

  /** Closes the admin client at once: an eviction still running at shutdown is of no use. */
  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
