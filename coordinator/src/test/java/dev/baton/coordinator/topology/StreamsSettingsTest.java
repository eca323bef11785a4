package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.ConfigException;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.topology.internal.BoundedStateMemory;
import dev.baton.coordinator.topology.internal.OversizeRecordHandler;
import dev.baton.coordinator.topology.internal.ProcessingFailureHandler;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static CoordinatorConfig.Builder config() {
    return CoordinatorConfig.builder()
        .kafkaBootstrap("broker:9092")
        .registryUrl("http://registry:8081")
        .redisUri("redis://redis:6379");
  }

  @Test
  void shouldDefaultToExactlyOnceWithLowLatencyCommitsAndNoLinger() {
    Properties props = StreamsSettings.of(config().build().streams(), 8080);

    assertThat(props)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 1L)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0L)
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "baton-coordinator")
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueExceptionHandler.class);
  }

  @Test
  void shouldMakeTheStreamThreadsStaticMembersNamedByTheAdvertisedEndpoint() {
    Properties props =
        StreamsSettings.of(config().advertisedHost("10.0.0.7").build().streams(), 8081);

    assertThat(props)
        .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.0.0.7:8081")
        .containsEntry(
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            "baton-10.0.0.7-8081");
  }

  @Test
  void shouldKeepTheStreamThreadsDynamicMembersWhenEvictionIsOff() {
    Properties props =
        StreamsSettings.of(config().evictUnreachableAfter(Duration.ZERO).build().streams(), 8081);

    assertThat(props)
        .doesNotContainKey(
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
  }

  @Test
  void shouldGiveKafkaStreamsTheConnectionsClientConfigsUnderBatonsOwnSettings() {
    KafkaConnection kafka =
        KafkaConnection.builder("broker:9093")
            .property("security.protocol", "SASL_SSL")
            .property("sasl.mechanism", "SCRAM-SHA-512")
            .property("linger.ms", "50")
            .build();

    Properties props = StreamsSettings.of(config().kafka(kafka).build().streams(), 8080);

    assertThat(props)
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .as("the producers' own linger wins over the connection's")
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0L);
  }

  @Test
  void shouldUseAtLeastOnceAndTheConfiguredLatencySettingsWhenAsked() {
    CoordinatorConfig config =
        config()
            .processingMode(ProcessingMode.AT_LEAST_ONCE)
            .commitInterval(Duration.ofMillis(50))
            .producerLinger(Duration.ofMillis(2))
            .build();

    Properties props = StreamsSettings.of(config.streams(), 8080);

    assertThat(props)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 50L)
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2L);
  }

  @Test
  void shouldGiveEachHttpPortItsOwnStateDirectoryByDefault() {
    Properties first = StreamsSettings.of(config().httpPort(8080).build().streams(), 8080);
    Properties second = StreamsSettings.of(config().httpPort(8090).build().streams(), 8090);
    Properties chosen =
        StreamsSettings.of(
            config().httpPort(8090).stateDir(Path.of("/data/baton")).build().streams(), 8090);

    assertThat(first.get(StreamsConfig.STATE_DIR_CONFIG))
        .isEqualTo(CoordinatorConfig.Builder.defaultStateDir(8080).toString())
        .isNotEqualTo(second.get(StreamsConfig.STATE_DIR_CONFIG));
    assertThat(CoordinatorConfig.Builder.defaultStateDir(8090).getFileName())
        .hasToString("baton-streams-8090");
    assertThat(chosen.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/data/baton");
  }

  @Test
  void shouldPollNoLongerThanTheIdleCommitCheckSoThatItRuns() {
    CoordinatorConfig config =
        config()
            .commitInterval(Duration.ofMillis(20))
            .topology(TopologyOptions.builder().idleCommit(Duration.ofMillis(2)).build())
            .build();

    assertThat(StreamsSettings.of(config.streams(), 8080))
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 2L);
  }

  @Test
  void shouldCommitQuietTasksAtOnceByDefaultOnlyUnderExactlyOnce() {
    CoordinatorConfig exactlyOnce = config().build();
    CoordinatorConfig atLeastOnce = config().processingMode(ProcessingMode.AT_LEAST_ONCE).build();

    assertThat(exactlyOnce.topology().idleCommit()).contains(Duration.ofMillis(1));
    assertThat(atLeastOnce.topology().idleCommit())
        .as("under at-least-once a commit makes nothing visible")
        .isEmpty();
    assertThat(StreamsSettings.of(atLeastOnce.streams(), 8080))
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 20L);
  }

  @Test
  void shouldKeepAnIdleCommitThatWasChosenWhateverTheProcessingMode() {
    CoordinatorConfig offUnderExactlyOnce =
        config().topology(TopologyOptions.builder().idleCommit(Duration.ZERO).build()).build();
    CoordinatorConfig onUnderAtLeastOnce =
        config()
            .processingMode(ProcessingMode.AT_LEAST_ONCE)
            .topology(TopologyOptions.builder().idleCommit(Duration.ofMillis(3)).build())
            .build();

    assertThat(offUnderExactlyOnce.topology().idleCommit()).isEmpty();
    assertThat(StreamsSettings.of(offUnderExactlyOnce.streams(), 8080))
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 20L);
    assertThat(onUnderAtLeastOnce.topology().idleCommit()).contains(Duration.ofMillis(3));
    assertThat(StreamsSettings.of(onUnderAtLeastOnce.streams(), 8080))
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 3L);
  }

  @Test
  void shouldDetectACrashedInstanceWithinTheSessionTimeoutInSettingsKafkaAccepts() {
    Properties props =
        StreamsSettings.of(
            config().sessionTimeout(java.time.Duration.ofSeconds(8)).build().streams(), 8080);

    java.util.Map<String, Object> consumer =
        new org.apache.kafka.streams.StreamsConfig(props)
            .getMainConsumerConfigs("group", "client", 0);
    consumer.put(
        "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    consumer.put(
        "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    org.apache.kafka.clients.consumer.ConsumerConfig parsed =
        new org.apache.kafka.clients.consumer.ConsumerConfig(consumer);
    assertThat(parsed.getInt("session.timeout.ms")).isEqualTo(8000);
    assertThat(parsed.getInt("heartbeat.interval.ms")).isEqualTo(StreamsSettings.MAX_HEARTBEAT_MS);
    assertThat(StreamsSettings.heartbeatMillis(1000)).isEqualTo(250);
    assertThat(StreamsSettings.heartbeatMillis(45_000)).isEqualTo(500);
    assertThat(config().build().sessionTimeout())
        .isEqualTo(CoordinatorConfig.DEFAULT_SESSION_TIMEOUT);
  }

  @Test
  void shouldLetTheProducersSendEveryRecordTheByteBudgetAllows() {
    Properties props = StreamsSettings.of(config().build().streams(), 8080, 4 * 1024 * 1024);

    assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
        .isEqualTo(4 * 1024 * 1024);
    assertThat(props.get(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
        .isEqualTo(Integer.toString(4 * 1024 * 1024));
    assertThat(props.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(OversizeRecordHandler.class);
    assertThat(props.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(ProcessingFailureHandler.class);
  }

  @Test
  void shouldKeepOneStandbyAndMoveTasksBackOnlyToCaughtUpCopiesInSettingsKafkaAccepts() {
    Properties defaults = StreamsSettings.of(config().build().streams(), 8080);
    Properties none = StreamsSettings.of(config().standbyReplicas(0).build().streams(), 8080);

    StreamsConfig parsed = new StreamsConfig(defaults);
    assertThat(parsed.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    assertThat(parsed.getLong(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG))
        .isEqualTo(StreamsSettings.ACCEPTABLE_RECOVERY_LAG)
        .isLessThan(10_000L);
    assertThat(parsed.getInt(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG))
        .isEqualTo(TopicLayout.DEFAULT_PARTITIONS);
    assertThat(parsed.getLong(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG))
        .isEqualTo(60_000L);
    assertThat(new StreamsConfig(none).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isZero();
  }

  @Test
  void shouldRefuseANegativeNumberOfStandbyReplicas() {
    assertThatThrownBy(() -> config().standbyReplicas(-1).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("standby.replicas");
  }

  @Test
  void shouldBoundTheMemoryOfAllStateStoresToTheConfiguredBudget() {
    Properties defaults = StreamsSettings.of(config().build().streams(), 8080);
    Properties small =
        StreamsSettings.of(config().stateMemoryBytes(64L << 20).build().streams(), 8080);

    assertThat(
            new StreamsConfig(defaults).getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedStateMemory.class);
    assertThat(defaults.get(BoundedStateMemory.BYTES_CONFIG))
        .isEqualTo(CoordinatorConfig.DEFAULT_STATE_MEMORY_BYTES);
    assertThat(small.get(BoundedStateMemory.BYTES_CONFIG)).isEqualTo(64L << 20);
  }

  @Test
  void shouldRefuseAStateMemoryBudgetUnder16MiB() {
    assertThatThrownBy(() -> config().stateMemoryBytes((16L << 20) - 1).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("state.memory");
  }
}
