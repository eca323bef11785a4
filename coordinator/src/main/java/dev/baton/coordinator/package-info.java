/**
 * Baton's coordinator: the Kafka Streams application that owns sessions, its HTTP API, its command
 * line and the embedded dev stack.
 *
 * <p>{@code try (Coordinator coordinator = Coordinator.start(config)) { ... }}
 */
package dev.baton.coordinator;
