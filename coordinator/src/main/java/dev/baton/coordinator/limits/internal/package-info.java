/**
 * The implementation of the tenant limits: submit buckets shared in Redis through Bucket4j's
 * Lettuce integration, the per-instance buckets used while Redis does not answer, the counts of
 * each tenant's running and queued turns (sorted sets in Redis, kept by the owners' decisions and
 * renewed from their stores, and this instance's own counts), and the count of open streams. It may
 * change without notice; use {@link dev.baton.coordinator.limits} instead.
 */
package dev.baton.coordinator.limits.internal;
