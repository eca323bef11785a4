/**
 * What a coordinator tells its operators: meters in a Prometheus registry ({@link
 * dev.baton.coordinator.telemetry.CoordinatorMeters}, served at {@code GET /metrics}), read off the
 * session model's decisions ({@link dev.baton.coordinator.telemetry.DecisionMeters}), and the
 * OpenTelemetry instance its traces go to ({@link dev.baton.coordinator.telemetry.Telemetry}).
 */
package dev.baton.coordinator.telemetry;
