package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.internal.SteerSightings.Kind;
import dev.baton.bench.internal.SteerSightings.Sighting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteerCaseTest {

  private static final Sizes.Steer STEER = new Sizes.Steer(20, 10, Duration.ofMillis(200));

  @Test
  void shouldRunASlowTurnThatOutlastsItsMessages() {
    // 10 messages 200 ms apart are sent within 2.2 s; 11 steps of 250 ms take 2.75 s.
    assertThat(SteerCase.slowTurnInput(STEER)).isEqualTo("steerable 11 250");
    assertThat(SteerCase.slowTurnInput(new Sizes.Steer(1, 1, Duration.ofMillis(1))))
        .isEqualTo("steerable 4 1");
  }

  @Test
  void shouldReportPercentilesOfTheSeenMessagesAndCountTheLostOnesAsErrors() {
    List<Sighting> sightings = new ArrayList<>();
    for (int ms = 1; ms <= 97; ms++) {
      sightings.add(new Sighting("m" + ms, Kind.STEERED, Duration.ofMillis(ms)));
    }
    sightings.add(new Sighting("m98", Kind.OWN_TURN, Duration.ofMillis(500)));
    sightings.add(new Sighting("m99", Kind.LOST, null));
    sightings.add(new Sighting("m100", Kind.LOST, null));

    Table table = SteerCase.table(STEER, sightings, List.of("s3: HTTP 503"));

    String row = STEER.row();
    assertThat(table.value(row, "messages")).isEqualTo(100);
    assertThat(table.value(row, "seen")).isEqualTo(98);
    assertThat(table.value(row, "seen as own turn")).isEqualTo(1);
    assertThat(table.value(row, "lost")).isEqualTo(2);
    assertThat(table.value(row, "p50 ms")).isEqualTo(49);
    assertThat(table.value(row, "p90 ms")).isEqualTo(89);
    assertThat(table.value(row, "p99 ms")).isEqualTo(500);
    assertThat(table.value(row, "max ms")).isEqualTo(500);
    assertThat(table.value(row, "errors")).isEqualTo(3);
    assertThat(table.text()).contains("lost: [m99, m100]", "failed sessions: s3: HTTP 503");
  }
}
