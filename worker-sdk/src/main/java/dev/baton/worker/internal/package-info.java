/**
 * The worker SDK's implementation: poll loops, acknowledgement bookkeeping, step running and result
 * publishing, and {@code Wire}, the one place that maps the SDK's types to and from the wire's Avro
 * classes. It may change without notice; use {@link dev.baton.worker} instead.
 */
package dev.baton.worker.internal;
