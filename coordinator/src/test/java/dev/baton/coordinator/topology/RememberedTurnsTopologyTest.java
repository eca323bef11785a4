package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.DuplicateTurnSubmitted;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's remembered turns live in pages of the turns store, not in its record: a coordinator
 * restored from the stores still answers a repeat of a turn that ended long ago, and refuses its id
 * with another input; an expired session leaves no page behind.
 */
class RememberedTurnsTopologyTest {

  private static final String SESSION = "s-remembers";

  /** Enough turns to fill two pages and start a third. */
  private static final int TURNS = TurnPages.PAGE_TURNS * 2 + 3;

  @TempDir Path stateDir;

  private final List<CoordinatorDriver> drivers = new ArrayList<>();

  @AfterEach
  void close() {
    drivers.forEach(CoordinatorDriver::close);
  }

  @Test
  void shouldAnswerARepeatOfAnEarlyTurnFromThePagesAfterARestart() {
    CoordinatorDriver before = driver("before", TopologyOptions.defaults());
    for (int n = 1; n <= TURNS; n++) {
      finishTurn(before, "turn-" + n);
    }

    assertThat(before.sessionRecord(SESSION).state().finishedTurns()).isEmpty();
    assertThat(before.session(SESSION).state().finishedTurns())
        .extracting(FinishedTurn::turnId)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, TURNS).mapToObj(n -> "turn-" + n).toList());
    assertThat(pageKeys(before))
        .containsExactly(
            new HistoryKey(SESSION, 0), new HistoryKey(SESSION, 1), new HistoryKey(SESSION, 2));

    CoordinatorDriver after = driver("after", TopologyOptions.defaults());
    before.restoreInto(after);
    after.submit(SESSION, "turn-1", input("turn-1"));
    after.submit(SESSION, "turn-2", "another input");

    List<SessionEvent> events = after.events();
    assertThat(events.get(0).getBody()).isInstanceOf(DuplicateTurnSubmitted.class);
    assertThat(events.get(1).getBody())
        .isInstanceOfSatisfying(
            TurnRejected.class,
            rejected -> assertThat(rejected.getCode()).isEqualTo(TurnRejectionCode.TURN_ID_REUSED));
    assertThat(after.assignments()).as("nothing ran again").isEmpty();
  }

  @Test
  void shouldDeleteTheSessionsPagesWhenItExpires() {
    TopologyOptions options =
        TopologyOptions.builder()
            .limits(
                SessionLimits.builder().idleTimeToLive(Optional.of(Duration.ofMinutes(10))).build())
            .timerInterval(Duration.ofMillis(100))
            .build();
    CoordinatorDriver coordinator = driver("expires", options);
    for (int n = 1; n <= TurnPages.PAGE_TURNS + 1; n++) {
      finishTurn(coordinator, "turn-" + n);
    }
    assertThat(pageKeys(coordinator)).hasSize(2);

    coordinator.advanceWallClock(Duration.ofMinutes(11));

    assertThat(coordinator.events())
        .extracting(SessionEvent::getBody)
        .last()
        .isInstanceOf(SessionExpired.class);
    assertThat(coordinator.sessionRecord(SESSION)).isNull();
    assertThat(pageKeys(coordinator)).isEmpty();
  }

  private CoordinatorDriver driver(String dir, TopologyOptions options) {
    CoordinatorDriver driver = new CoordinatorDriver(stateDir.resolve(dir), options);
    drivers.add(driver);
    return driver;
  }

  private static void finishTurn(CoordinatorDriver coordinator, String turnId) {
    coordinator.submit(SESSION, turnId, input(turnId));
    Assignment step = coordinator.assignment();
    coordinator.answer(step, "answer to " + turnId);
    coordinator.events();
  }

  private static String input(String turnId) {
    return "the input of " + turnId;
  }

  private static List<HistoryKey> pageKeys(CoordinatorDriver coordinator) {
    List<HistoryKey> keys = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, List<RememberedTurn>> all = coordinator.turnPages().all()) {
      all.forEachRemaining(page -> keys.add(page.key));
    }
    return keys;
  }
}
