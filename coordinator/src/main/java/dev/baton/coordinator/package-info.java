/**
 * Baton's coordinator, a library to embed: the Kafka Streams application that owns sessions and its
 * HTTP API. This package is the composition root: {@link dev.baton.coordinator.CoordinatorConfig}
 * owns the configuration and hands each layer ({@code topology}, {@code http}, {@code session})
 * only what it needs; those layers never import this package. {@link
 * dev.baton.coordinator.TopicBootstrap} creates Baton's topics before a coordinator starts. The
 * command line and the embedded dev stack are in the {@code baton-cli} module.
 *
 * <p>{@code try (Coordinator coordinator = Coordinator.start(config)) { ... }}
 */
package dev.baton.coordinator;
