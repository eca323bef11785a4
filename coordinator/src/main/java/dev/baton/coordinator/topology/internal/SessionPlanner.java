package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.Decision;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.SessionCommand.RefuseOversizeOutcome;
import dev.baton.coordinator.session.SessionModel;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.BatonException;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.RecordRejectionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans what one input record does, without writing anything: a decision of the session model, or a
 * {@code RecordRejected} event. A decision that would write a record over the broker's limit is
 * refused before anything is written (see {@link RecordBudget}): the model decides again, told so.
 * Any failure while planning, even a bug, rejects the record rather than stopping the stream
 * thread; only a retryable infrastructure failure is thrown, so that Kafka Streams processes the
 * record again instead of losing it.
 */
final class SessionPlanner {

  private static final Logger log = LoggerFactory.getLogger(SessionPlanner.class);

  private final RecordIntake intake;
  private final SessionModel model;
  private final RecordBudget budget;
  private final SessionPayloads sessions;
  private final ForkSeeds seeds;

  /**
   * @param budget the limit on each record a decision writes
   * @param sessions loads a session with its payload bodies
   * @param history the history store, which the seeds of forks are read from
   */
  SessionPlanner(
      RecordIntake intake,
      TopologyOptions options,
      RecordBudget budget,
      SessionPayloads sessions,
      HistoryStore history) {
    this.intake = intake;
    this.model = new SessionModel(options.limits(), options.classifier(), options.approvals());
    this.budget = budget;
    this.sessions = sessions;
    this.seeds = new ForkSeeds(history, budget);
  }

  /** The effects of {@code input}, in the order they must be applied. */
  List<Effect> plan(InputRecord input) {
    try {
      return decide(intake.accept(input), input);
    } catch (RejectedInput e) {
      return reject(input, e);
    } catch (RuntimeException e) {
      if (e instanceof BatonException batonException && batonException.isRetryable()) {
        throw e;
      }
      log.error("Rejecting {} after an unexpected failure", input.coordinates(), e);
      return reject(input, RejectedInput.of(RecordRejectionReason.OTHER, e));
    }
  }

  /**
   * The effects of the wall clock reaching {@code now} for the timer stored under {@code timerKey}.
   * A timer the session no longer has (an orphan: the session is gone, or its stored timer is
   * another one) is deleted, and the session's own timer is put again in case it was missing.
   */
  List<Effect> planTimer(String timerKey, Instant now) {
    String sessionId = TimerKeys.sessionId(timerKey);
    try {
      SessionPayloads.Loaded loaded = sessions.load(sessionId);
      StoredSession stored = loaded.session();
      if (!stored.timer().map(due -> TimerKeys.of(due, sessionId)).orElse("").equals(timerKey)) {
        log.debug("Deleting the orphan timer {}", timerKey);
        return List.of(
            new Effect.Reschedule(sessionId, Optional.of(TimerKeys.due(timerKey)), stored.timer()));
      }
      SessionCommand check = new SessionCommand.CheckTimers(sessionId);
      return withinBudget(loaded, check, null, now);
    } catch (RejectedInput e) {
      log.error("Checking the timers of session {}: {}; trying again later", sessionId, e);
      return List.of();
    } catch (RuntimeException e) {
      if (e instanceof BatonException batonException && batonException.isRetryable()) {
        throw e;
      }
      log.error("Checking the timers of session {} failed; trying again later", sessionId, e);
      return List.of();
    }
  }

  private List<Effect> decide(RecordIntake.Accepted accepted, InputRecord input) {
    SessionPayloads.Loaded loaded = sessions.load(accepted.sessionId());
    return withinBudget(loaded, accepted.command(), accepted.causationId(), input.timestamp());
  }

  /**
   * The effects of {@code command}, if every record they write fits the budget. Else the model
   * decides again, told that the outcome is too large ({@link RefuseOversizeOutcome}): it fails the
   * turn or rejects the submit. If even that does not fit, the input is rejected as {@code
   * OVERSIZE} and the session is left as it was.
   */
  private List<Effect> withinBudget(
      SessionPayloads.Loaded loaded, SessionCommand command, String causationId, Instant now) {
    StoredSession stored = loaded.session();
    List<Effect> effects = plan(loaded, command, causationId, now);
    Optional<RecordBudget.Oversize> oversize = budget.firstOversize(effects);
    if (oversize.isEmpty()) {
      return effects;
    }
    log.warn(
        "Session {}: the outcome of {} {}; refused",
        stored.sessionId(),
        command.getClass().getSimpleName(),
        oversize.get().detail());
    var refusal = new RefuseOversizeOutcome(stored.sessionId(), command, oversize.get().detail());
    List<Effect> refused = plan(loaded, refusal, causationId, now);
    Optional<RecordBudget.Oversize> still = budget.firstOversize(refused);
    if (still.isPresent()) {
      throw RejectedInput.of(
          RecordRejectionReason.OVERSIZE,
          "its outcome " + oversize.get().detail() + ", and refusing it " + still.get().detail());
    }
    List<Effect> counted = new ArrayList<>(refused);
    counted.addFirst(new Effect.CountOversize(oversize.get().kind()));
    return counted;
  }

  private List<Effect> plan(
      SessionPayloads.Loaded loaded, SessionCommand command, String causationId, Instant now) {
    StoredSession stored = loaded.session();
    Decision decision = model.decide(stored.state(), command, now);
    return seeds.read(
        SessionPayloads.stored(
            loaded, DecisionPlan.of(stored, decision, model.limits(), causationId, now)));
  }

  private List<Effect> reject(InputRecord input, RejectedInput rejection) {
    RecordRejected body =
        new RecordRejected(
            input.topic(),
            input.partition(),
            input.offset(),
            rejection.reason(),
            rejection.getMessage());
    Effect count = new Effect.CountRejection(rejection.reason());
    if (rejection.reason() == RecordRejectionReason.INVALID_KEY
        || rejection.reason() == RecordRejectionReason.WRONG_PARTITION) {
      return List.of(count, outsideSession(input, body));
    }
    SessionPayloads.Loaded loaded;
    try {
      loaded = sessions.load(input.key());
    } catch (RuntimeException e) {
      log.error("Cannot load session {} to reject {}", input.key(), input.coordinates(), e);
      return List.of(count, outsideSession(input, body));
    }
    StoredSession stored = loaded.session();
    EventLog events =
        new EventLog(
            input.key(),
            stored.nextEventSeqAt(input.timestamp()),
            input.timestamp(),
            input.coordinates());
    Effect emit = new Effect.Emit(input.key(), events.append(null, body));
    List<Effect> effects = new ArrayList<>(List.of(count, emit));
    effects.addAll(SessionPayloads.save(loaded, stored.withNextEventSeq(events.nextSeq())));
    return effects;
  }

  private Effect outsideSession(InputRecord input, RecordRejected body) {
    var event = EventLog.outsideSession(input, intake.sourceOf(input), body);
    return new Effect.Emit(event.getSessionId(), event);
  }
}
