/**
 * The coordinator's HTTP API: {@link dev.baton.coordinator.http.HttpApi} serves {@code GET /health}
 * and the {@code /v1/sessions} endpoints, backed by a {@link
 * dev.baton.coordinator.http.SessionService} ({@link
 * dev.baton.coordinator.http.KafkaSessionService}: interactive queries and a command producer) and
 * the {@link dev.baton.coordinator.http.TurnWaiters} that the coordinator's processor completes.
 * Requests for a session that another instance owns are forwarded to it. Errors are RFC 9457
 * problems with a stable {@code code}; see {@code docs/http-api.md}.
 *
 * <pre>{@code
 * TurnWaiters waiters = new TurnWaiters();
 * KafkaSessionService service = KafkaSessionService.create(bootstrap, commandsTopic, registry);
 * HttpApi api = HttpApi.start(
 *     host, port, checks, service, waiters, HttpOptions.defaults(), SessionLimits.defaults());
 * KafkaStreams streams = new KafkaStreams(
 *     CoordinatorTopology.build(layout, registry, TopologyOptions.defaults(), waiters), props);
 * service.attach(streams, new HostInfo(host, api.port()));
 * }</pre>
 */
package dev.baton.coordinator.http;
