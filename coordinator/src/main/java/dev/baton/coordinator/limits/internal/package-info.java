/**
 * The implementation of the tenant limits: submit buckets shared in Redis through Bucket4j's
 * Lettuce integration, the per-instance buckets used while Redis does not answer, and the count of
 * open streams. It may change without notice; use {@link dev.baton.coordinator.limits} instead.
 */
package dev.baton.coordinator.limits.internal;
