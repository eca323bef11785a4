/**
 * The turn lock's implementation: key layout, Lua scripts, the shared pub/sub wake-ups, waiting and
 * renewal. It may change without notice; use {@link dev.baton.worker.lock} instead.
 */
package dev.baton.worker.lock.internal;
