package dev.baton.coordinator.http;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.StreamSlot;
import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.limits.TurnKind;
import dev.baton.coordinator.limits.TurnSlot;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.SubmitForecast;
import dev.baton.coordinator.topology.StoredSession;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Refuses submits and streams over their tenant's limits ({@link Caller#tenant()}) with a 429
 * problem. A submit is counted once, by the session's owner, which serves it (an instance that
 * forwards it counts nothing), so no request header can spare a submit its count: against the
 * tenant's submit rate, then, if the session's state says it would start or queue a turn, against
 * its running or queued turns over the fleet. A stream is counted on every instance that holds its
 * connection: the one the client reached and, for a forwarded stream, the owner too.
 */
final class TenantAdmission {

  /**
   * The {@code Retry-After} of a refused stream: a slot frees when one of the tenant's streams
   * ends, which nothing here can foresee.
   */
  static final Duration STREAM_RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * The {@code Retry-After} of a submit refused by a turn limit: a slot frees when one of the
   * tenant's turns ends (or starts, for a queued one), which nothing here can foresee; a turn runs
   * for seconds to minutes, and the submit rate bounds how often a client may ask again.
   */
  static final Duration TURN_RETRY_AFTER = Duration.ofSeconds(1);

  private final TenantLimiter limiter;
  private final SessionService sessions;

  TenantAdmission(TenantLimiter limiter, SessionService sessions) {
    this.limiter = limiter;
    this.sessions = sessions;
  }

  /**
   * Takes a submit from its tenant's bucket.
   *
   * @throws ProblemException {@code SUBMIT_RATE_EXCEEDED} (429) with the bucket's wait as {@code
   *     Retry-After}
   */
  void admitSubmit(Context ctx) {
    String tenant = Caller.of(ctx).tenant();
    Admission admission = limiter.admitSubmit(tenant);
    if (!admission.admitted()) {
      throw ProblemException.tooMany(
          ProblemCode.SUBMIT_RATE_EXCEEDED,
          "tenant "
              + tenant
              + " is over its submit rate of "
              + limiter.limits().of(tenant).submits().map(Object::toString).orElse("?")
              + (admission.shared() ? "" : " (this instance's own count: Redis does not answer)")
              + "; retry in "
              + Problem.retryAfterSeconds(admission.retryAfter())
              + " s",
          admission.retryAfter());
    }
  }

  /**
   * Counts the submitted turn against its tenant's running turns if the session's state says it
   * would start, or its queued turns if it would be queued; reads the state only if the tenant's
   * turns are limited. A repeated turn id is not counted again.
   *
   * @param sessionKey the session's key, which this instance owns
   * @return the turn's slot, to release if the submit cannot be written
   * @throws ProblemException {@code TOO_MANY_ACTIVE_TURNS} or {@code TOO_MANY_QUEUED_TURNS} (429)
   *     with {@code Retry-After: 1} if the tenant counts its most turns of that kind
   */
  TurnSlot reserveTurn(Context ctx, String sessionKey, SubmitRequest request) {
    String tenant = Caller.of(ctx).tenant();
    if (!limiter.limits().of(tenant).limitsTurns()) {
      return TurnSlot.UNCOUNTED;
    }
    SubmitForecast forecast =
        SubmitForecast.of(
            sessions.session(sessionKey).map(StoredSession::state),
            request.turnId(),
            onBusy(request));
    return switch (forecast) {
      case STARTS -> reserve(tenant, sessionKey, request.turnId(), TurnKind.RUNNING);
      case QUEUES -> reserve(tenant, sessionKey, request.turnId(), TurnKind.QUEUED);
      case NEITHER -> TurnSlot.UNCOUNTED;
    };
  }

  private TurnSlot reserve(String tenant, String sessionKey, String turnId, TurnKind kind) {
    return limiter
        .reserveTurn(sessionKey, turnId, kind)
        .orElseThrow(() -> tooManyTurns(tenant, kind));
  }

  private ProblemException tooManyTurns(String tenant, TurnKind kind) {
    OptionalInt max = limiter.limits().of(tenant).maxTurns(kind);
    boolean running = kind == TurnKind.RUNNING;
    return ProblemException.tooMany(
        running ? ProblemCode.TOO_MANY_ACTIVE_TURNS : ProblemCode.TOO_MANY_QUEUED_TURNS,
        "tenant "
            + tenant
            + (running ? " runs its most turns at once (" : " has its most turns queued (")
            + max.orElse(0)
            + (limiter.countingTurnsLocally()
                ? " on this instance: Redis does not answer"
                : " over all coordinators")
            + "); retry when one of them "
            + (running ? "ends" : "starts or ends"),
        TURN_RETRY_AFTER);
  }

  /** The model's policy of the request's {@code onBusy}: the two enums name the same values. */
  private static OnBusy onBusy(SubmitRequest request) {
    return OnBusy.valueOf(request.onBusy().name());
  }

  /**
   * A slot for one more stream of the request's tenant on this instance, to close when the stream
   * ends.
   *
   * @throws ProblemException {@code TOO_MANY_STREAMS} (429) if the tenant holds its most streams on
   *     this instance
   */
  StreamSlot openStream(Context ctx) {
    String tenant = Caller.of(ctx).tenant();
    return limiter
        .openStream(tenant)
        .orElseThrow(
            () ->
                ProblemException.tooMany(
                    ProblemCode.TOO_MANY_STREAMS,
                    "tenant "
                        + tenant
                        + " holds its most open streams on this instance ("
                        + limiter.limits().of(tenant).maxStreams().orElse(0)
                        + "); close one or retry later",
                    STREAM_RETRY_AFTER));
  }
}
