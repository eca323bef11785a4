/**
 * The implementation of the coordinator's topology: decoding and validating input records, planning
 * a decision's effects, and writing them to the stores and output topics. It may change without
 * notice; use {@link dev.baton.coordinator.topology} instead.
 *
 * <p>A record goes through three stages. {@link
 * dev.baton.coordinator.topology.internal.RecordIntake} turns the raw bytes into a session command
 * or rejects them. {@link dev.baton.coordinator.topology.internal.SessionPlanner} loads the
 * session, lets the session model decide, and maps the model's events to a list of {@link
 * dev.baton.coordinator.topology.internal.Effect}s, without writing anything. {@link
 * dev.baton.coordinator.topology.internal.EffectWriter} then applies them in order. Only the last
 * stage touches stores and output topics, so a bad record or a bug in the first two never leaves a
 * half-applied decision.
 */
package dev.baton.coordinator.topology.internal;
