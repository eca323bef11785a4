package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timers store holds one entry per session that needs the wall clock, under the instant that
 * was stored, whatever the limits of the coordinator that reads it later.
 */
class TimerStoreTopologyTest {

  private static final String SESSION = "s-1";

  private static final Instant PAST = CoordinatorDriver.T0.minusSeconds(60);

  private static final Instant FUTURE = CoordinatorDriver.T0.plus(Duration.ofDays(1));

  private static final Duration TIMER_INTERVAL = Duration.ofMillis(100);

  /** {@code SessionProcessor.MAX_TIMERS_PER_PUNCTUATION}. */
  private static final int MAX_TIMERS_PER_CHECK = 1000;

  @TempDir Path stateDir;

  private CoordinatorDriver before;
  private CoordinatorDriver after;

  @AfterEach
  void close() {
    if (before != null) {
      before.close();
    }
    if (after != null) {
      after.close();
    }
  }

  @Test
  void shouldLeaveNoOrphanWhenRestartedWithAShorterIdleTimeToLive() {
    before = driver("before", Duration.ofHours(1));
    finishTurn(before, "turn-1");
    assertThat(before.timerKeys()).hasSize(1);

    after = restart(Duration.ofMinutes(10));
    finishTurn(after, "turn-2");

    Instant lastActivity = after.session(SESSION).state().lastActivityAt();
    assertThat(after.timerKeys()).containsExactly(key(lastActivity.plus(Duration.ofMinutes(10))));
  }

  @Test
  void shouldMoveAStaleTimerOnceWhenRestartedWithALongerIdleTimeToLive() {
    before = driver("before", Duration.ofMinutes(10));
    finishTurn(before, "turn-1");
    Instant lastActivity = before.session(SESSION).state().lastActivityAt();

    after = restart(Duration.ofHours(1));
    after.advanceWallClock(Duration.ofMinutes(11));

    assertThat(after.timerKeys()).containsExactly(key(lastActivity.plus(Duration.ofHours(1))));
    assertThat(after.events()).isEmpty();
    after.advanceWallClock(Duration.ofHours(1));
    assertThat(after.events())
        .extracting(SessionEvent::getBody)
        .last()
        .isInstanceOf(SessionExpired.class);
    assertThat(after.timerKeys()).isEmpty();
  }

  @Test
  void shouldDeleteOrphansThePunctuatorMeets() {
    List<String> live = finishTurnBefore();
    before.putTimer(key(PAST), SESSION);
    before.putTimer(key(PAST, "s-gone"), "s-gone");

    before.advanceWallClock(Duration.ofSeconds(1));

    assertThat(before.timerKeys()).isEqualTo(live);
    assertThat(before.events()).isEmpty();
    assertThat(before.session("s-gone")).isNull();
  }

  @Test
  void shouldCheckTheTimersOneCheckLeftDueAtTheNextInterval() {
    List<String> live = finishTurnBefore();
    int orphans = MAX_TIMERS_PER_CHECK + 5;
    for (int i = 0; i < orphans; i++) {
      before.putTimer(key(PAST, "s-gone-" + i), "s-gone-" + i);
    }

    before.advanceWallClock(Duration.ofMillis(1));
    assertThat(before.timerKeys()).hasSize(live.size() + orphans - MAX_TIMERS_PER_CHECK);

    before.advanceWallClock(TIMER_INTERVAL);
    assertThat(before.timerKeys()).isEqualTo(live);
  }

  @Test
  void shouldExpireALeaseOutWhenRestartedWithOnlyTheChangelogsStores() {
    before = driver("before", Duration.ofHours(1));
    before.submit(SESSION, "turn-1", "hello");
    Assignment first = before.assignment();

    after = restart(Duration.ofHours(1));
    after.advanceWallClock(SessionLimits.DEFAULT_LEASE.plusSeconds(1));

    Assignment second = after.assignment();
    assertThat(second.getAttempt()).isEqualTo(first.getAttempt() + 1);
    assertThat(after.timerKeys()).hasSize(1);
  }

  @Test
  void shouldEmptyTheTimersStoreOfEntriesNoStoredSessionHoldsWhenATaskStarts() {
    before = driver("before", Duration.ofHours(1));
    finishTurn(before, "turn-1");
    List<String> live = before.timerKeys();
    after = driver("after", Duration.ofHours(1));
    after.putTimer(key(FUTURE, "s-gone"), "s-gone");
    before.restoreInto(after);

    after.advanceWallClock(Duration.ofMillis(1));

    assertThat(after.timerKeys()).isEqualTo(live);
  }

  @Test
  void shouldWriteNoTimersChangelog() {
    before = driver("before", Duration.ofHours(1));
    finishTurn(before, "turn-1");

    assertThat(before.timerKeys()).hasSize(1);
    assertThat(before.changelog(CoordinatorStores.SESSIONS)).isNotEmpty();
    assertThat(before.changelog(CoordinatorStores.TIMERS)).isEmpty();
  }

  /** Finishes a turn on a new {@code before}, and returns the timer keys it left. */
  private List<String> finishTurnBefore() {
    before = driver("before", Duration.ofHours(1));
    finishTurn(before, "turn-1");
    return before.timerKeys();
  }

  private CoordinatorDriver restart(Duration idleTimeToLive) {
    CoordinatorDriver next = driver("after", idleTimeToLive);
    before.restoreInto(next);
    return next;
  }

  private CoordinatorDriver driver(String dir, Duration idleTimeToLive) {
    TopologyOptions options =
        TopologyOptions.builder()
            .limits(SessionLimits.builder().idleTimeToLive(Optional.of(idleTimeToLive)).build())
            .timerInterval(TIMER_INTERVAL)
            .build();
    return new CoordinatorDriver(stateDir.resolve(dir), options);
  }

  private static void finishTurn(CoordinatorDriver coordinator, String turnId) {
    coordinator.submit(SESSION, turnId, "hello");
    Assignment step = coordinator.assignment();
    coordinator.answer(step, "hi");
    coordinator.events();
  }

  private static String key(Instant due) {
    return key(due, SESSION);
  }

  private static String key(Instant due, String sessionId) {
    return String.format("%019d", due.toEpochMilli()) + "|" + sessionId;
  }
}
