package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.schemas.avro.ForkRefusalCode;
import dev.baton.schemas.avro.ForkRefused;
import dev.baton.schemas.avro.ForkSession;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionForked;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork crosses sessions: the source's task decides it and writes the seed to the commands topic,
 * keyed by the fork, whose task takes it. The test driver pipes the seed back in, as the broker
 * would.
 */
class ForkTopologyTest {

  private static final int LIMIT = 16 * 1024;

  @RegisterExtension
  final RecordBudgetTopologyTest.Drivers drivers = new RecordBudgetTopologyTest.Drivers();

  private CoordinatorDriver coordinator(Path stateDir) {
    return drivers.add(
        new CoordinatorDriver(stateDir, TopologyOptions.builder().maxRecordBytes(LIMIT).build()));
  }

  private static void twoTurns(CoordinatorDriver coordinator, String sessionId, int inputBytes) {
    coordinator.submit(sessionId, "t1", "q1" + "x".repeat(inputBytes));
    coordinator.answer(coordinator.assignment(), "a1");
    coordinator.submit(sessionId, "t2", "q2" + "x".repeat(inputBytes));
    coordinator.answer(coordinator.assignment(), "a2");
  }

  @Test
  void shouldSeedTheForkWithTheSourcesHistoryUpToTheSeq(@TempDir Path stateDir) {
    CoordinatorDriver coordinator = coordinator(stateDir);
    twoTurns(coordinator, "src", 0);
    coordinator.events();

    coordinator.command("src", new ForkSession("dst", 3L));

    assertThat(coordinator.history("dst"))
        .extracting(HistoryEntry::getSeq, e -> e.getMessage().getContent(), HistoryEntry::getTurnId)
        .containsExactly(tuple(1L, "q1", "t1"), tuple(2L, "a1", "t1"), tuple(3L, "q2", "t2"));
    assertThat(coordinator.history("src")).hasSize(4);
    List<SessionEvent> events = coordinator.events();
    assertThat(events)
        .filteredOn(e -> e.getBody() instanceof SessionForked)
        .extracting(SessionEvent::getSessionId, e -> ((SessionForked) e.getBody()).getAtSeq())
        .containsExactly(tuple("src", 3L), tuple("dst", 3L));
    assertThat(coordinator.session("dst").state().nextSeq()).isEqualTo(4);
    assertThat(coordinator.session("src").state().nextSeq()).isEqualTo(5);
  }

  @Test
  void shouldRunTurnsOnTheForkAfterItsSeededHistory(@TempDir Path stateDir) {
    CoordinatorDriver coordinator = coordinator(stateDir);
    twoTurns(coordinator, "src", 0);
    coordinator.command("src", new ForkSession("dst", 2L));
    coordinator.assignments();

    coordinator.submit("dst", "t2", "other");
    coordinator.answer(coordinator.assignment(), "b2");

    assertThat(coordinator.history("dst"))
        .extracting(HistoryEntry::getSeq, e -> e.getMessage().getContent())
        .containsExactly(tuple(1L, "q1"), tuple(2L, "a1"), tuple(3L, "other"), tuple(4L, "b2"));
    assertThat(coordinator.history("src"))
        .extracting(e -> e.getMessage().getContent())
        .containsExactly("q1", "a1", "q2", "a2");
  }

  @Test
  void shouldRefuseAForkWhoseHistoryDoesNotFitOneRecord(@TempDir Path stateDir) {
    CoordinatorDriver coordinator = coordinator(stateDir);
    twoTurns(coordinator, "src", LIMIT / 2);
    coordinator.events();

    coordinator.command("src", new ForkSession("dst", 4L));

    assertThat(refusals(coordinator.events()))
        .extracting(SessionEvent::getSessionId, e -> ((ForkRefused) e.getBody()).getCode())
        .containsExactly(
            tuple("src", ForkRefusalCode.HISTORY_TOO_LARGE),
            tuple("dst", ForkRefusalCode.HISTORY_TOO_LARGE));
    assertThat(coordinator.history("dst")).isEmpty();
    assertThat(coordinator.history("src")).hasSize(4);
    // A fork that fits is still given.
    coordinator.command("src", new ForkSession("dst", 2L));
    assertThat(coordinator.history("dst")).hasSize(2);
  }

  @Test
  void shouldRefuseAForkIntoASessionThatExists(@TempDir Path stateDir) {
    CoordinatorDriver coordinator = coordinator(stateDir);
    twoTurns(coordinator, "src", 0);
    coordinator.submit("dst", "mine", "hello");
    coordinator.events();

    coordinator.command("src", new ForkSession("dst", 2L));

    assertThat(refusals(coordinator.events()))
        .extracting(SessionEvent::getSessionId, e -> ((ForkRefused) e.getBody()).getCode())
        .containsExactly(tuple("dst", ForkRefusalCode.FORK_EXISTS));
    assertThat(coordinator.history("dst"))
        .extracting(e -> e.getMessage().getContent())
        .containsExactly("hello");
  }

  @Test
  void shouldTellTheForkThatTheSourceIsUnknown(@TempDir Path stateDir) {
    CoordinatorDriver coordinator = coordinator(stateDir);

    coordinator.command("nothing", new ForkSession("dst", 1L));

    assertThat(refusals(coordinator.events()))
        .extracting(SessionEvent::getSessionId, e -> ((ForkRefused) e.getBody()).getCode())
        .containsExactly(
            tuple("nothing", ForkRefusalCode.SOURCE_NOT_FOUND),
            tuple("dst", ForkRefusalCode.SOURCE_NOT_FOUND));
  }

  private static List<SessionEvent> refusals(List<SessionEvent> events) {
    return events.stream().filter(e -> e.getBody() instanceof ForkRefused).toList();
  }
}
