/**
 * The pure session model of the coordinator: commands, events, state, and {@link
 * dev.baton.coordinator.session.SessionModel} with {@code decide(state, command, now) -> events}
 * and {@code apply(state, event) -> state}. No Kafka, Avro or clock types; the Kafka Streams
 * processor loads a session's state, calls {@code decide}, applies the events and forwards them.
 *
 * <p>What the processor must know:
 *
 * <ul>
 *   <li><b>Answer to a submit.</b> The first event of a {@code SubmitTurn} decision is exactly one
 *       of {@code TurnStarted}, {@code TurnQueued}, {@code TurnRejected} (with a stable {@link
 *       dev.baton.coordinator.session.RejectionCode}) or {@code DuplicateTurnSubmitted} (carrying
 *       the existing turn's status), preceded only by the end of an active turn whose deadline
 *       passed.
 *   <li><b>Duplicates.</b> A turn id is known while its turn is queued or running and for {@link
 *       dev.baton.coordinator.session.SessionLimits#turnIdWindow()} after it finished (at most
 *       {@link dev.baton.coordinator.session.SessionLimits#rememberedTurns()} finished turns, and
 *       {@link dev.baton.coordinator.session.SessionLimits#rememberedTurnBytes()} of them); a known
 *       id with the same input is a {@code DuplicateTurnSubmitted}, with another input a {@code
 *       TurnRejected(TURN_ID_REUSED)}. A rejected submit is not remembered, so it may be retried
 *       with the same id. A turn id that has left the window is a new turn.
 *   <li><b>Stale results.</b> A worker result that is not for the active turn's current assignment
 *       (same turn, step, attempt and fencing token) yields one {@code StepResultIgnored} with an
 *       {@link dev.baton.coordinator.session.IgnoreReason} and changes nothing; count it.
 *   <li><b>Assignments.</b> Each {@code StepAssigned} becomes an {@code AgentStep} record; its
 *       {@code context} is a history range the processor reads from the history store.
 *   <li><b>Queue.</b> When a turn ends ({@code TurnCompleted}, {@code TurnFailed}), the same
 *       decision continues with the next queued turn's {@code TurnStarted}, {@code MessageAppended}
 *       and {@code StepAssigned}.
 *   <li><b>History.</b> {@code MessageAppended} carries a message with a per-session, gap-free
 *       sequence number starting at 1: store it under {@code (sessionId, seq)}. {@code
 *       HistoryCleared} carries the half-open range to tombstone (possibly empty); sequence numbers
 *       are never reused, and the active turn's messages are not cleared.
 * </ul>
 */
package dev.baton.coordinator.session;
