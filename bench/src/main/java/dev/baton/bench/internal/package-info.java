/**
 * The benchmark harness's implementation: the coordinator processes it starts, the turn driver, the
 * lock, replay and profile measurements and the report. It may change without notice.
 */
package dev.baton.bench.internal;
