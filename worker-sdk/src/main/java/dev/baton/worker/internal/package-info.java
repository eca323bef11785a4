/**
 * The worker SDK's implementation: poll loops, acknowledgement bookkeeping, step running and result
 * publishing. It may change without notice; use {@link dev.baton.worker} instead.
 */
package dev.baton.worker.internal;
