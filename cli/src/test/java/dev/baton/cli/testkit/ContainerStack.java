package dev.baton.cli.testkit;

import dev.baton.cli.stack.EmbeddedKafka;
import dev.baton.cli.stack.EmbeddedStack;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.StackConfig;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * The stack in Docker, with the images of the repository's docker-compose file: Apache Kafka,
 * Confluent Schema Registry and Redis. Topics and the share group are prepared as for the embedded
 * stack, by an {@link EmbeddedStack} pointed at the containers. Images can be replaced with the
 * system properties {@code baton.testkit.kafka.image}, {@code baton.testkit.registry.image} and
 * {@code baton.testkit.redis.image}.
 */
final class ContainerStack implements AutoCloseable {

  static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.4.0";
  static final String DEFAULT_REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.1.0";
  static final String DEFAULT_REDIS_IMAGE = "redis:7.4-alpine";

  private static final String KAFKA_ALIAS = "kafka";
  private static final String KAFKA_INTERNAL = KAFKA_ALIAS + ":19092";
  private static final int REGISTRY_PORT = 8081;
  private static final int REDIS_PORT = 6379;

  private final Network network;
  private final List<GenericContainer<?>> containers;
  private final EmbeddedStack stack;
  private final StackAddresses addresses;

  private ContainerStack(
      Network network,
      List<GenericContainer<?>> containers,
      EmbeddedStack stack,
      StackAddresses addresses) {
    this.network = network;
    this.containers = containers;
    this.stack = stack;
    this.addresses = addresses;
  }

  /** Aborts the calling test when no Docker engine answers. */
  static void assumeDockerAvailable() {
    Assumptions.assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine is available; the Testcontainers stack is skipped");
  }

  /** Starts the containers and prepares topics; stops what it started if that fails. */
  static ContainerStack start() {
    Network network = Network.newNetwork();
    KafkaContainer kafka = kafka(network);
    GenericContainer<?> registry = registry(network, kafka);
    GenericContainer<?> redis = redis(network);
    List<GenericContainer<?>> containers = List.of(kafka, registry, redis);
    try {
      Startables.deepStart(containers).join();
      EmbeddedStack stack = new EmbeddedStack(externalConfig(kafka, registry, redis));
      return new ContainerStack(network, containers, stack, stack.start());
    } catch (RuntimeException e) {
      containers.forEach(GenericContainer::stop);
      network.close();
      throw e;
    }
  }

  StackAddresses addresses() {
    return addresses;
  }

  @Override
  public void close() {
    stack.close();
    containers.reversed().forEach(GenericContainer::stop);
    network.close();
  }

  private static KafkaContainer kafka(Network network) {
    return new KafkaContainer(image("kafka", DEFAULT_KAFKA_IMAGE))
        .withNetwork(network)
        .withNetworkAliases(KAFKA_ALIAS)
        .withListener(KAFKA_INTERNAL)
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
        .withEnv(
            "KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS",
            EmbeddedKafka.ADD_PARTITIONS_RETRY_BACKOFF_MS);
  }

  private static GenericContainer<?> registry(Network network, KafkaContainer kafka) {
    return new GenericContainer<>(image("registry", DEFAULT_REGISTRY_IMAGE))
        .withNetwork(network)
        .withExposedPorts(REGISTRY_PORT)
        .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
        .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
        .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_INTERNAL)
        .waitingFor(Wait.forHttp("/subjects").forStatusCode(200))
        .dependsOn(kafka);
  }

  private static GenericContainer<?> redis(Network network) {
    return new GenericContainer<>(image("redis", DEFAULT_REDIS_IMAGE))
        .withNetwork(network)
        .withExposedPorts(REDIS_PORT)
        .withCommand("redis-server", "--appendonly", "no", "--save", "")
        .waitingFor(Wait.forListeningPort());
  }

  private static StackConfig externalConfig(
      KafkaContainer kafka, GenericContainer<?> registry, GenericContainer<?> redis) {
    return StackConfig.builder()
        .kafkaBootstrap(kafka.getBootstrapServers())
        .registryUrl("http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT))
        .redisUri("redis://" + redis.getHost() + ":" + redis.getMappedPort(REDIS_PORT))
        .build();
  }

  private static String image(String part, String defaultImage) {
    return System.getProperty("baton.testkit." + part + ".image", defaultImage);
  }
}
