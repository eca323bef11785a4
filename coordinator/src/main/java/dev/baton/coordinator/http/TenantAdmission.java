package dev.baton.coordinator.http;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.StreamSlot;
import dev.baton.coordinator.limits.TenantLimiter;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * Refuses submits and streams over their tenant's limits ({@link Caller#tenant()}) with a 429
 * problem. Each request is counted once, by the instance that received it from the client: one
 * forwarded here by another instance was counted there.
 */
final class TenantAdmission {

  /**
   * The {@code Retry-After} of a refused stream: a slot frees when one of the tenant's streams
   * ends, which nothing here can foresee.
   */
  static final Duration STREAM_RETRY_AFTER = Duration.ofSeconds(1);

  private final TenantLimiter limiter;

  TenantAdmission(TenantLimiter limiter) {
    this.limiter = limiter;
  }

  /**
   * Takes a submit from its tenant's bucket.
   *
   * @throws ProblemException {@code SUBMIT_RATE_EXCEEDED} (429) with the bucket's wait as {@code
   *     Retry-After}
   */
  void admitSubmit(Context ctx) {
    if (Forwarder.wasForwarded(ctx)) {
      return;
    }
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
   * A slot for one more stream of the request's tenant, to close when the stream ends; a forwarded
   * request takes none.
   *
   * @throws ProblemException {@code TOO_MANY_STREAMS} (429) if the tenant holds its most streams on
   *     this instance
   */
  StreamSlot openStream(Context ctx) {
    if (Forwarder.wasForwarded(ctx)) {
      return StreamSlot.UNCOUNTED;
    }
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
