package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

  private final Sizes sizes = Sizes.quick();

  @Test
  void shouldReadEachTargetFromItsTableAndRow() {
    Table closed =
        new Table("closed", "closed", "case", "turns/s", "p50 ms", "all CPU ms/turn")
            .row("1x50 EOS", 40.0, 9.5, 7.0)
            .row("1x50 ALOS", 60.0, 4.0, 5.0)
            .row("100x10 EOS", 3400.0, 300.0, 3.0);

    Table targets = Targets.evaluate(Map.of("closed", closed), sizes);

    assertThat(result(targets, ">= 3300 turns/s at 100x10 EOS")).isEqualTo("hit");
    assertThat(result(targets, "sequential (1x50) p50 <= 10 ms EOS")).isEqualTo("hit");
    assertThat(result(targets, "sequential (1x50) p50 <= 3.5 ms ALOS")).isEqualTo("missed");
    assertThat(result(targets, "CPU per turn, every process, 1x50 EOS <= 6 ms"))
        .isEqualTo("missed");
    assertThat(result(targets, ">= 3300 turns/s at 100x10 EOS through HTTP")).isEqualTo("not run");
  }

  @Test
  void shouldLeaveTheSequentialTargetsNotRunWhenNoOneSessionShapeRan() {
    Sizes manySessions = sizes.withClosedLoop(List.of(Sizes.Shape.parse("100x10")));
    Table closed =
        new Table("closed", "closed", "case", "turns/s", "p50 ms", "all CPU ms/turn")
            .row("100x10 EOS", 3400.0, 300.0, 3.0)
            .row("100x10 ALOS", 3500.0, 280.0, 2.9);

    Table targets = Targets.evaluate(Map.of("closed", closed), manySessions);

    assertThat(result(targets, ">= 3300 turns/s at 100x10 EOS")).isEqualTo("hit");
    assertThat(result(targets, "sequential (1xM) p50 <= 10 ms EOS")).isEqualTo("not run");
    assertThat(result(targets, "sequential (1xM) p50 <= 3.5 ms ALOS")).isEqualTo("not run");
    assertThat(result(targets, "sequential (1xM) p50 <= 12 ms EOS through HTTP"))
        .isEqualTo("not run");
    assertThat(result(targets, "CPU per turn, every process, 1xM EOS <= 6 ms"))
        .isEqualTo("not run");
  }

  @Test
  void shouldCompareTheSecondRunOnAWarmInstanceWithTheFirst() {
    String target = "the same load again on a warm instance: >= 90% of the first run's turns/s";
    Table slower =
        new Table("warm", "warm", "case", "turns/s")
            .row("100x10 EOS, first run", 200.0)
            .row("100x10 EOS, second run", 150.0);
    Table level =
        new Table("warm", "warm", "case", "turns/s")
            .row("100x10 EOS, first run", 200.0)
            .row("100x10 EOS, second run", 190.0);

    assertThat(result(Targets.evaluate(Map.of("warm", slower), sizes), target)).isEqualTo("missed");
    assertThat(result(Targets.evaluate(Map.of("warm", level), sizes), target)).isEqualTo("hit");
    assertThat(result(Targets.evaluate(Map.of(), sizes), target)).isEqualTo("not run");
  }

  @Test
  void shouldReadTheStreamsTargetsFromTheLiveAndIdleRows() {
    Sizes.Streams streams = sizes.streams();
    Table live =
        new Table("streams-live", "live", "case", "complete", "p99 ms")
            .row(streams.liveRow(), streams.live() - 1, 80.0);
    Table idle =
        new Table("streams-idle", "idle", "case", "heap KB/feed").row(streams.idleRow(), 21.0);

    Table targets = Targets.evaluate(Map.of("streams-live", live, "streams-idle", idle), sizes);

    assertThat(
            result(
                targets, streams.liveRow() + ": every stream gets every delta once and in order"))
        .isEqualTo("missed");
    assertThat(result(targets, streams.liveRow() + ": delta p99 <= 100 ms, emit to client"))
        .isEqualTo("hit");
    assertThat(
            result(
                targets,
                streams.idleRow() + ": coordinator heap <= 25 KB per feed (10000 in 256 MB)"))
        .isEqualTo("hit");
  }

  @Test
  void shouldAskThatTheFirstOfTheScaleSessionsAnswerAgainWithoutErrors() {
    Sizes few = sizes.withScaleSessions(300);
    String target = "300 sessions: the first of them answer again, none fails";
    Table failing =
        new Table("scale", "scale", "case", "turns", "errors")
            .row("300 sessions x 1 turn", 300, 0)
            .row("the first 300 again, 1 more turn each", 299, 1);
    Table answering =
        new Table("scale", "scale", "case", "turns", "errors")
            .row("300 sessions x 1 turn", 300, 0)
            .row("the first 300 again, 1 more turn each", 300, 0);

    assertThat(result(Targets.evaluate(Map.of("scale", failing), few), target)).isEqualTo("missed");
    assertThat(result(Targets.evaluate(Map.of("scale", answering), few), target)).isEqualTo("hit");
    assertThat(result(Targets.evaluate(Map.of(), few), target)).isEqualTo("not run");
  }

  @Test
  void shouldAskThatEveryHeldTurnIsInFlightAtOnce() {
    String held = sizes.heldTurns() + " in flight, held " + sizes.hold().toMillis() + " ms";
    Table some =
        new Table("scale", "scale", "case", "most steps in flight at once", "p99 ms")
            .row(held, sizes.heldTurns() - 1, 1500.0);
    Table all =
        new Table("scale", "scale", "case", "most steps in flight at once", "p99 ms")
            .row(held, sizes.heldTurns(), 2500.0);

    assertThat(
            result(
                Targets.evaluate(Map.of("scale", some), sizes), held + ": all in flight at once"))
        .isEqualTo("missed");
    assertThat(
            result(Targets.evaluate(Map.of("scale", all), sizes), held + ": all in flight at once"))
        .isEqualTo("hit");
    assertThat(result(Targets.evaluate(Map.of("scale", all), sizes), held + ": p99 <= 2 s"))
        .isEqualTo("missed");
  }

  private static String result(Table targets, String target) {
    return String.valueOf(targets.cell(target, "result"));
  }
}
