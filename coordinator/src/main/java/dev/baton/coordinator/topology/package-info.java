/**
 * The coordinator's Kafka Streams wiring: {@link
 * dev.baton.coordinator.topology.CoordinatorTopology} builds the topology, {@link
 * dev.baton.coordinator.topology.StreamsSettings} its properties, and {@link
 * dev.baton.coordinator.topology.CoordinatorStores} and {@link
 * dev.baton.coordinator.topology.CoordinatorMetrics} name what it exposes to interactive queries
 * and metrics. The session logic itself is in {@link dev.baton.coordinator.session}.
 *
 * <pre>{@code
 * StreamsBuilder builder = new StreamsBuilder();
 * CoordinatorTopology.build(builder, config.topics(), registry);
 * KafkaStreams streams =
 *     new KafkaStreams(
 *         builder.build(),
 *         StreamsSettings.of(config.streams(), httpPort),
 *         StreamsSettings.clients(config.streams()));
 * }</pre>
 */
package dev.baton.coordinator.topology;
