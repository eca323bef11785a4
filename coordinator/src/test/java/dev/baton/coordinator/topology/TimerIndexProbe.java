package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test: what a task's start costs to fill its timers store again from its
 * sessions store. It finishes one echo turn (with an idle time to live, so the session has a
 * timer), puts that session under {@code baton.probe.sessions} ids (100,000 by default) into the
 * sessions store of a new task, and times its first timer check, which fills the index; {@value
 * #PASSES} passes in one JVM, the first with cold compilers. It prints each pass's time and asserts
 * only that every session got its timer.
 *
 * <p>Disabled unless {@code -Dbaton.probe=true}; its name keeps it out of Surefire's default
 * includes as well:
 *
 * <pre>
 * ./mvnw -B -q -o install -pl coordinator -am -DskipTests
 * ./mvnw -B -o test -pl coordinator -Dtest=TimerIndexProbe -Dbaton.probe=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * grep 'timer index' coordinator/target/surefire-reports/*TimerIndexProbe-output.txt
 * </pre>
 */
@EnabledIfSystemProperty(named = "baton.probe", matches = "true")
class TimerIndexProbe {

  private static final int PASSES = 5;

  @TempDir Path stateDir;

  @Test
  void measureTheTimerIndexAtATasksStart() {
    int sessions = Integer.getInteger("baton.probe.sessions", 100_000);
    TopologyOptions options =
        TopologyOptions.builder()
            .limits(
                SessionLimits.builder().idleTimeToLive(Optional.of(Duration.ofHours(1))).build())
            .build();
    StoredSession finished = finishedSession(options);
    for (int pass = 1; pass <= PASSES; pass++) {
      try (CoordinatorDriver task = new CoordinatorDriver(stateDir.resolve("" + pass), options)) {
        KeyValueStore<String, StoredSession> store = task.sessionsStore();
        for (int i = 0; i < sessions; i++) {
          // Distinct values, as a real partition's are.
          store.put(
              "s-" + i,
              new StoredSession(finished.state(), finished.nextEventSeq() + i, finished.timer()));
        }
        task.advanceWallClock(Duration.ZERO); // commits the puts, and runs no check yet
        long started = System.nanoTime();
        task.advanceWallClock(Duration.ofMillis(1));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(task.timerKeys()).hasSize(sessions);
        System.out.printf(
            "timer index: pass %d, %d sessions, first check %d ms (%.2f us per session)%n",
            pass, sessions, millis, millis * 1000.0 / sessions);
      }
    }
  }

  private StoredSession finishedSession(TopologyOptions options) {
    try (CoordinatorDriver first = new CoordinatorDriver(stateDir.resolve("first"), options)) {
      first.submit("s-1", "t-1", "hello");
      first.answer(first.assignment(), "hi");
      first.events();
      StoredSession session = first.sessionRecord("s-1");
      assertThat(session.timer()).isPresent();
      return session;
    }
  }
}
