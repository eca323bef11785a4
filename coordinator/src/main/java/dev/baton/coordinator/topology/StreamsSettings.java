package dev.baton.coordinator.topology;

import dev.baton.coordinator.CoordinatorConfig;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties for one coordinator instance. */
public final class StreamsSettings {

  private StreamsSettings() {}

  /**
   * The properties of the coordinator's Kafka Streams application.
   *
   * <p>{@code new KafkaStreams(topology, StreamsSettings.of(config, httpPort))}
   *
   * @param httpPort the port this instance's HTTP API really listens on, advertised to the other
   *     instances for interactive queries
   */
  public static Properties of(CoordinatorConfig config, int httpPort) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.topics().applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingMode().streamsValue());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.httpHost() + ":" + httpPort);
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        config.producerLinger().toMillis());
    return props;
  }
}
