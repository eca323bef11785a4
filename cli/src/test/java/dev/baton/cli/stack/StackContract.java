package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.BrokerSettings;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.TopicBootstrapException;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.TopicSpec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every stack must do, embedded or in containers. Subclasses choose the stack. */
abstract class StackContract {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldRoundTripRecordsThroughKafka(StackAddresses stack, TestIds ids) throws Exception {
    String topic = createTopic(stack, ids.topic("round-trip"));
    produce(stack, topic, "k1", "hello");

    ConsumerRecord<String, String> received = consumeOne(stack, ids, topic);

    assertThat(received.key()).isEqualTo("k1");
    assertThat(received.value()).isEqualTo("hello");
  }

  @Test
  void shouldRunKafkaStreamsWithTheStreamsRebalanceProtocol(
      StackAddresses stack, TestIds ids, @TempDir Path stateDir) throws Exception {
    String input = createTopic(stack, ids.topic("streams-in"));
    String output = createTopic(stack, ids.topic("streams-out"));
    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream(input).mapValues(v -> v.toUpperCase()).to(output);
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, ids.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    config.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
    config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());

    try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
      streams.start();
      produce(stack, input, "k", "shout");
      assertThat(consumeOne(stack, ids, output).value()).isEqualTo("SHOUT");
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void shouldDeliverToShareGroupRecordsProducedBeforeItJoined(StackAddresses stack, TestIds ids)
      throws Exception {
    String topic = createTopic(stack, ids.topic("assignments"));
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.prepareShareGroup(ids.shareGroupId());
    }
    produce(stack, topic, "session-1", "step-1");

    try (KafkaShareConsumer<String, String> consumer =
        new KafkaShareConsumer<>(shareConfig(stack, ids))) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> received = new ArrayList<>();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
              });
      assertThat(received).extracting(ConsumerRecord::value).containsExactly("step-1");
      consumer.acknowledge(received.getFirst(), AcknowledgeType.ACCEPT);
      assertThat(consumer.commitSync(WAIT).values())
          .allSatisfy(error -> assertThat(error).isEmpty());
    }
  }

  @Test
  void shouldAnswerRedisCommands(StackAddresses stack, TestIds ids) {
    RedisClient client = RedisClient.create(stack.redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      assertThat(redis.ping()).isEqualTo("PONG");
      assertThat(redis.set(ids.id(), "value")).isEqualTo("OK");
      assertThat(redis.get(ids.id())).isEqualTo("value");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void shouldServeTheConfluentCompatibleRegistryApi(StackAddresses stack, TestIds ids)
      throws Exception {
    String schema =
        "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
    String body = JSON.writeValueAsString(Map.of("schema", schema));
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> registered =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(stack.registryUrl() + "/subjects/" + ids.id() + "-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    int id = JSON.readTree(registered.body()).get("id").asInt();

    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/schemas/ids/" + id))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode readSchema = JSON.readTree(JSON.readTree(read.body()).get("schema").asText());
    assertThat(readSchema).isEqualTo(JSON.readTree(schema));
  }

  @Test
  void shouldHaveCreatedTheLayoutsTopicsWithTheirPartitionsAndConfigs(StackAddresses stack)
      throws Exception {
    assertLayoutCreated(stack, TopicLayout.defaults());
  }

  @Test
  void shouldCreateTopicsIdempotently(StackAddresses stack, TestIds ids) throws Exception {
    TopicLayout layout = ids.layout(3);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.createTopics(layout);
    }
    assertLayoutCreated(stack, layout);
  }

  @Test
  void shouldRefuseExistingTopicsWithAnotherPartitionCount(StackAddresses stack, TestIds ids) {
    TopicLayout layout = ids.layout(3);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      TopicLayout wider = TopicLayout.of(layout.prefix(), layout.applicationId(), 4);

      assertThatThrownBy(() -> topics.createTopics(wider))
          .isInstanceOf(TopicBootstrapException.class)
          .hasMessageContaining(layout.commands() + " has 3, not 4")
          .hasMessageContaining("--partitions");
    }
  }

  @Test
  void shouldRefuseInputTopicsThatCarryTheProducersTime(StackAddresses stack, TestIds ids) {
    TopicLayout layout = ids.layout(2);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(
          List.of(
              new TopicSpec(
                  layout.commands(), 2, Map.of(TopicLayout.TIMESTAMP_TYPE_CONFIG, "CreateTime"))));

      assertThatThrownBy(() -> topics.createTopics(layout))
          .isInstanceOf(TopicBootstrapException.class)
          .hasMessageContaining(
              layout.commands() + " has message.timestamp.type=CreateTime, not LogAppendTime");
    }
  }

  /**
   * Under exactly-once a coordinator begins a transaction right after its last commit, often while
   * the broker still writes that commit's markers; the broker then adds the new transaction's
   * partitions again after its retry backoff, which the stack sets to 1 ms instead of Kafka's 20.
   */
  @Test
  void shouldRetryAddingPartitionsToATransactionAfterOneMillisecond(StackAddresses stack)
      throws Exception {
    Map<String, Long> backoffs =
        BrokerSettings.addPartitionsRetryBackoffs(
            KafkaConnection.of(stack.kafkaBootstrap()), Duration.ofSeconds(30));

    assertThat(backoffs)
        .isNotEmpty()
        .allSatisfy((broker, ms) -> assertThat(ms).as("broker %s", broker).isEqualTo(1L));
    assertThat(EmbeddedKafka.ADD_PARTITIONS_RETRY_BACKOFF_MS).isEqualTo("1");
  }

  @Test
  void shouldCreateTopicsThatAcceptTheRecordLimit(StackAddresses stack, TestIds ids)
      throws Exception {
    TopicLayout layout = ids.layout(1);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout, 3 * 1024 * 1024);
    }

    Map<String, String> messageBytes =
        topicConfig(stack, layout, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);

    assertThat(messageBytes)
        .hasSize(layout.specs().size())
        .allSatisfy((topic, value) -> assertThat(value).as(topic).isEqualTo("3145728"));
  }

  @Test
  void shouldRefuseExistingTopicsThatAllowSmallerRecordsThanTheLimit(
      StackAddresses stack, TestIds ids) throws Exception {
    TopicLayout layout = ids.layout(1);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1);
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      topics.createTopics(layout, 2 * 1024 * 1024);
      // The history topic without a max.message.bytes of its own: the broker's default applies.
      ConfigResource history = new ConfigResource(ConfigResource.Type.TOPIC, layout.history());
      AlterConfigOp unset =
          new AlterConfigOp(
              new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""),
              AlterConfigOp.OpType.DELETE);
      admin
          .incrementalAlterConfigs(Map.of(history, List.of(unset)))
          .all()
          .get(30, TimeUnit.SECONDS);
      String brokerDefault =
          topicConfig(stack, layout, TopicConfig.MAX_MESSAGE_BYTES_CONFIG).get(layout.history());

      assertThatThrownBy(() -> topics.createTopics(layout, 4 * 1024 * 1024))
          .isInstanceOf(TopicBootstrapException.class)
          .hasMessageContaining(
              layout.commands()
                  + " has max.message.bytes=2097152, less than the record limit 4194304"
                  + " (maxRecordBytes, --max-record-bytes)")
          .hasMessageContaining(
              layout.history() + " has max.message.bytes=" + brokerDefault + ", less than");
      topics.createTopics(layout, 1024 * 1024);
    }
  }

  private static Map<String, String> topicConfig(
      StackAddresses stack, TopicLayout layout, String name) throws Exception {
    List<ConfigResource> resources =
        layout.specs().stream()
            .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
            .toList();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      return configs.entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey().name(), e -> e.getValue().get(name).value()));
    }
  }

  private static void assertLayoutCreated(StackAddresses stack, TopicLayout layout)
      throws Exception {
    List<String> names = layout.specs().stream().map(TopicSpec::name).toList();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      List<ConfigResource> resources =
          names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      for (TopicSpec spec : layout.specs()) {
        assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
        spec.configs()
            .forEach(
                (key, value) ->
                    assertThat(config.get(key).value())
                        .as(spec.name() + " " + key)
                        .isEqualTo(value));
      }
    }
  }

  private static String createTopic(StackAddresses stack, String topic) {
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(List.of(new TopicSpec(topic, 2, Map.of())));
    }
    return topic;
  }

  private static void produce(StackAddresses stack, String topic, String key, String value)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", stack.kafkaBootstrap(),
            "key.serializer", StringSerializer.class,
            "value.serializer", StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static ConsumerRecord<String, String> consumeOne(
      StackAddresses stack, TestIds ids, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(stack, ids))) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> received = new ArrayList<>();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
              });
      return received.getFirst();
    }
  }

  private static Map<String, Object> consumerConfig(StackAddresses stack, TestIds ids) {
    return Map.of(
        "bootstrap.servers",
        stack.kafkaBootstrap(),
        "group.id",
        ids.groupId(),
        "group.protocol",
        "consumer",
        "auto.offset.reset",
        "earliest",
        "key.deserializer",
        StringDeserializer.class,
        "value.deserializer",
        StringDeserializer.class);
  }

  private static Map<String, Object> shareConfig(StackAddresses stack, TestIds ids) {
    return Map.of(
        "bootstrap.servers",
        stack.kafkaBootstrap(),
        "group.id",
        ids.shareGroupId(),
        "share.acknowledgement.mode",
        "explicit",
        "key.deserializer",
        StringDeserializer.class,
        "value.deserializer",
        StringDeserializer.class);
  }
}
