package dev.baton.coordinator.limits.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.limits.OwnedSessions;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.limits.TurnKind;
import dev.baton.coordinator.limits.TurnSlot;
import dev.baton.coordinator.session.CancelReason;
import dev.baton.coordinator.session.Decision;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionModel;
import dev.baton.coordinator.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The counts of a tenant's running and queued turns: reserved under the limit before a submit is
 * written, kept or dropped by the owner's decisions, renewed from the owner's store, run out with
 * their lease when nobody renews them, and kept by this instance alone while Redis is down.
 */
class TurnTrackerTest {

  private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

  private final InJvmTurnCounts shared = new InJvmTurnCounts();
  private final Sessions sessions = new Sessions();
  private final Heard heard = new Heard();
  private final AtomicLong millis = new AtomicLong(NOW.toEpochMilli());
  private final AtomicLong nanos = new AtomicLong();

  private final TenantLimits limits =
      TenantLimits.builder()
          .maxActiveTurns(OptionalInt.of(2))
          .maxQueuedTurns(OptionalInt.of(1))
          .override("free", TenantLimits.MAX_ACTIVE_TURNS, "off")
          .override("free", TenantLimits.MAX_QUEUED_TURNS, "off")
          .turnRenewInterval(Duration.ofSeconds(10))
          .build();

  private final TurnTracker tracker =
      new TurnTracker(limits, shared, sessions, heard, nanos::get, millis::get, Runnable::run);

  @Test
  void shouldCountReservedTurnsOnlyUnderTheLimitAndARepeatOnce() {
    assertThat(tracker.reserve("acme/s-1", "t-1", TurnKind.RUNNING)).isPresent();
    assertThat(tracker.reserve("acme/s-2", "t-1", TurnKind.RUNNING)).isPresent();
    assertThat(tracker.reserve("acme/s-1", "t-1", TurnKind.RUNNING)).as("a repeat").isPresent();

    assertThat(tracker.reserve("acme/s-3", "t-1", TurnKind.RUNNING)).isEmpty();
    assertThat(tracker.reserve("acme/s-3", "t-1", TurnKind.QUEUED)).isPresent();
    assertThat(tracker.reserve("globex/s-1", "t-1", TurnKind.RUNNING))
        .as("another tenant")
        .isPresent();
    assertThat(tracker.count("acme", TurnKind.RUNNING)).isEqualTo(2);
    assertThat(heard.refused).containsExactly("acme:running");
  }

  @Test
  void shouldCountNothingOfATenantWithoutTurnLimits() {
    assertThat(tracker.reserve("free/s-1", "t-1", TurnKind.RUNNING)).contains(TurnSlot.UNCOUNTED);
    sessions.submit("free/s-1", "t-1", OnBusy.REJECT);

    assertThat(shared.calls).hasValue(0);
  }

  @Test
  void shouldKeepAStartedTurnAndDropItAtItsEnd() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    reserveAndSubmit("acme/s-2", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    assertThat(tracker.reserve("acme/s-3", "t-1", TurnKind.RUNNING)).isEmpty();

    sessions.cancel("acme/s-1", "t-1");

    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .containsExactly("acme/s-2/t-1");
    assertThat(tracker.reserve("acme/s-3", "t-1", TurnKind.RUNNING)).isPresent();
  }

  @Test
  void shouldMoveAQueuedTurnToRunningWhenItStarts() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.ENQUEUE, TurnKind.RUNNING);
    reserveAndSubmit("acme/s-1", "t-2", OnBusy.ENQUEUE, TurnKind.QUEUED);
    assertThat(tracker.reserve("acme/s-2", "t-9", TurnKind.QUEUED))
        .as("one queued at most")
        .isEmpty();

    sessions.cancel("acme/s-1", "t-1");

    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .containsExactly("acme/s-1/t-2");
    assertThat(shared.members("acme", TurnKind.QUEUED, millis.get())).isEmpty();
  }

  @Test
  void shouldDropAReservationTheModelRejectedOrPlacedElsewhere() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    // Forecast to start, but the session is busy: the model rejects it.
    reserveAndSubmit("acme/s-1", "t-2", OnBusy.REJECT, TurnKind.RUNNING);
    // Forecast to start, but the model queues it.
    reserveAndSubmit("acme/s-1", "t-3", OnBusy.ENQUEUE, TurnKind.RUNNING);

    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .containsExactly("acme/s-1/t-1");
    assertThat(shared.members("acme", TurnKind.QUEUED, millis.get()))
        .containsExactly("acme/s-1/t-3");
  }

  @Test
  void shouldGiveBackTheSlotOfASubmitThatWasNotWritten() {
    TurnSlot slot = tracker.reserve("acme/s-1", "t-1", TurnKind.QUEUED).orElseThrow();
    assertThat(tracker.reserve("acme/s-2", "t-1", TurnKind.QUEUED)).isEmpty();

    slot.release();
    slot.release();

    assertThat(tracker.count("acme", TurnKind.QUEUED)).isZero();
    assertThat(tracker.reserve("acme/s-2", "t-1", TurnKind.QUEUED)).isPresent();
  }

  @Test
  void shouldLetATurnNobodyRenewsRunOutWithItsLease() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);

    millis.addAndGet(limits.turnLease().toMillis());

    assertThat(tracker.count("acme", TurnKind.RUNNING)).isZero();
  }

  @Test
  void shouldRenewLiveTurnsFromTheStoreAndDropTheEndsRedisMissed() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    reserveAndSubmit("acme/s-2", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    shared.down.set(true);
    sessions.cancel("acme/s-1", "t-1");
    shared.down.set(false);
    nanos.addAndGet(limits.redisRetryInterval().toNanos());
    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get())).hasSize(2);

    millis.addAndGet(limits.turnLease().toMillis() - 1);
    tracker.renew();
    millis.addAndGet(2);

    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .as("the live turn renewed, the cancelled one dropped")
        .containsExactly("acme/s-2/t-1");
    assertThat(heard.unwritten).isEqualTo(2);
  }

  @Test
  void shouldForgetIdleSessionsAndThoseOwnedElsewhereOnceRenewed() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    reserveAndSubmit("acme/s-2", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    sessions.cancel("acme/s-1", "t-1");
    sessions.moveAway("acme/s-2");
    tracker.renew();
    int reads = sessions.reads;

    tracker.renew();

    assertThat(sessions.reads).as("no session is read again").isEqualTo(reads);
    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .as("the new owner counts the moved turn; nothing here drops it")
        .containsExactly("acme/s-2/t-1");
  }

  @Test
  void shouldCountTheTurnsOfSessionsTakenOverBeforeTheirNextDecision() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    reserveAndSubmit("acme/s-1", "t-2", OnBusy.ENQUEUE, TurnKind.QUEUED);
    reserveAndSubmit("free/s-2", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    // The instance that decided them stops; this one now owns their partition and heard nothing.
    TurnTracker successor =
        new TurnTracker(limits, shared, sessions, heard, nanos::get, millis::get, Runnable::run);
    millis.addAndGet(limits.turnLease().toMillis() - 1);

    successor.takeOver();
    millis.addAndGet(2);

    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .as("renewed by the new owner before the old lease ran out")
        .containsExactly("acme/s-1/t-1");
    assertThat(shared.members("acme", TurnKind.QUEUED, millis.get()))
        .containsExactly("acme/s-1/t-2");
    assertThat(shared.members("free", TurnKind.RUNNING, millis.get()))
        .as("a tenant without turn limits is not counted")
        .isEmpty();
  }

  @Test
  void shouldScanAgainAtTheNextRenewalWhenATakeOverFindsNoOwnerYet() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    AtomicBoolean rebalancing = new AtomicBoolean(true);
    OwnedSessions owned =
        new OwnedSessions() {
          @Override
          public Optional<SessionState> state(String sessionKey) {
            return sessions.state(sessionKey);
          }

          @Override
          public List<String> withTurns() {
            if (rebalancing.get()) {
              throw new IllegalStateException("rebalancing");
            }
            return sessions.withTurns();
          }
        };
    TurnTracker successor =
        new TurnTracker(limits, shared, owned, heard, nanos::get, millis::get, Runnable::run);
    millis.addAndGet(limits.turnLease().toMillis() - 1);

    successor.takeOver();
    rebalancing.set(false);
    successor.renew();
    millis.addAndGet(2);

    assertThat(shared.members("acme", TurnKind.RUNNING, millis.get()))
        .containsExactly("acme/s-1/t-1");
  }

  @Test
  void shouldNotRenewFromAStateReadBeforeANewerDecision() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    sessions.beforeNextRead = () -> sessions.cancel("acme/s-1", "t-1");

    tracker.renew();

    assertThat(tracker.count("acme", TurnKind.RUNNING)).isZero();
    shared.down.set(true);
    assertThat(tracker.count("acme", TurnKind.RUNNING)).as("this instance's own count").isZero();
  }

  @Test
  void shouldHoldEachTenantToItsLimitByItsOwnSessionsWhileRedisIsDown() {
    reserveAndSubmit("acme/s-1", "t-1", OnBusy.REJECT, TurnKind.RUNNING);
    shared.down.set(true);

    Optional<TurnSlot> second = tracker.reserve("acme/s-2", "t-1", TurnKind.RUNNING);
    sessions.submit("acme/s-2", "t-1", OnBusy.REJECT);
    Optional<TurnSlot> third = tracker.reserve("acme/s-3", "t-1", TurnKind.RUNNING);

    assertThat(second).isPresent();
    assertThat(third).isEmpty();
    assertThat(tracker.countingLocally()).isTrue();
    assertThat(heard.local).containsExactly(true, false);
    int calls = shared.calls.get();
    sessions.cancel("acme/s-1", "t-1");
    assertThat(tracker.reserve("acme/s-3", "t-1", TurnKind.RUNNING)).isPresent();
    assertThat(shared.calls).as("Redis is not asked within the retry interval").hasValue(calls);
  }

  private void reserveAndSubmit(String sessionKey, String turnId, OnBusy onBusy, TurnKind kind) {
    assertThat(tracker.reserve(sessionKey, turnId, kind)).isPresent();
    sessions.submit(sessionKey, turnId, onBusy);
  }

  /** Sessions decided by the real model, whose decisions the tracker hears, owned here. */
  private final class Sessions implements OwnedSessions {
    private final SessionModel model = new SessionModel(SessionLimits.defaults());
    private final Map<String, SessionState> states = new HashMap<>();
    private final List<String> elsewhere = new ArrayList<>();
    int reads;
    Runnable beforeNextRead;

    void submit(String sessionKey, String turnId, OnBusy onBusy) {
      decide(new SessionCommand.SubmitTurn(sessionKey, turnId, "hello", onBusy));
    }

    void cancel(String sessionKey, String turnId) {
      decide(
          new SessionCommand.CancelTurn(
              sessionKey, turnId, CancelReason.CANCELLED, Optional.empty()));
    }

    void moveAway(String sessionKey) {
      elsewhere.add(sessionKey);
    }

    @Override
    public Optional<SessionState> state(String sessionKey) {
      reads++;
      if (beforeNextRead != null) {
        Runnable before = beforeNextRead;
        beforeNextRead = null;
        SessionState read = states.get(sessionKey);
        before.run();
        return Optional.of(read);
      }
      return elsewhere.contains(sessionKey)
          ? Optional.empty()
          : Optional.ofNullable(states.get(sessionKey));
    }

    @Override
    public List<String> withTurns() {
      return states.entrySet().stream()
          .filter(e -> !elsewhere.contains(e.getKey()))
          .filter(e -> e.getValue().activeTurn().isPresent() || !e.getValue().queue().isEmpty())
          .map(Map.Entry::getKey)
          .sorted()
          .toList();
    }

    private void decide(SessionCommand command) {
      String key = command.sessionId();
      Decision decision =
          model.decide(states.getOrDefault(key, SessionState.empty(key)), command, NOW);
      states.put(key, decision.state());
      tracker.decided(key, decision.events());
    }
  }

  private static final class Heard implements LimitListener {
    final List<String> refused = new ArrayList<>();
    final List<Boolean> local = new ArrayList<>();
    int unwritten;

    @Override
    public void turnRefused(String tenant, TurnKind kind) {
      refused.add(tenant + ":" + kind.key());
    }

    @Override
    public void turnDecidedLocally(String tenant, boolean admitted) {
      local.add(admitted);
    }

    @Override
    public void turnChangesUnwritten(int changes) {
      unwritten += changes;
    }
  }
}
