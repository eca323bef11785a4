/**
 * The embedded dev and test stack: a real single-node KRaft Kafka in this JVM, a real Redis and
 * Apicurio Registry (Confluent-compatible) as child processes, Baton's topics and share group.
 *
 * <p>{@code try (EmbeddedStack stack = new EmbeddedStack(StackConfig.defaults())) { stack.start();
 * }}
 */
package dev.baton.cli.stack;
