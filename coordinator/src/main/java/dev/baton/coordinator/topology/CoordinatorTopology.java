package dev.baton.coordinator.topology;

import dev.baton.coordinator.CoordinatorConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * The coordinator's Kafka Streams topology, built by one static method so that tests reuse it.
 *
 * <p>{@code Topology topology = CoordinatorTopology.build(config);}
 */
public final class CoordinatorTopology {

  private CoordinatorTopology() {}

  /** Builds the topology into {@code builder}. */
  public static void build(StreamsBuilder builder, CoordinatorConfig config) {
    // The session processor (issue #3) replaces this: for now the coordinator only joins the
    // consumer group of the commands topic, so that its health reflects a running application.
    builder.stream(config.topics().commands(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .foreach((sessionId, command) -> {});
  }

  /** Builds the topology. */
  public static Topology build(CoordinatorConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    build(builder, config);
    return builder.build();
  }
}
