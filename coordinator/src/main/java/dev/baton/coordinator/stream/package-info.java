/**
 * A turn's output and progress as a resumable stream: {@link
 * dev.baton.coordinator.stream.TurnStreams} reads the session-events and turn-stream topics with
 * one consumer per process and hands each open {@link
 * dev.baton.coordinator.stream.StreamSubscription} the events of its turn, each with a {@link
 * dev.baton.coordinator.stream.TurnCursor} that resumes the stream on any instance.
 *
 * <pre>{@code
 * try (StreamSubscription subscription =
 *     streams.open("s-1", "t-1", StreamStart.at(turnAcceptedAt), 1024)) {
 *   Optional<TurnStreamEvent> next = subscription.next(Duration.ofSeconds(15));
 * }
 * }</pre>
 */
package dev.baton.coordinator.stream;
