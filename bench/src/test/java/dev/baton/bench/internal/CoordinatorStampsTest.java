package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.internal.CoordinatorStamps.Stamp;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorStampsTest {

  private static long[] appendedAt(long millis) {
    long[] times = new long[TurnPoint.values().length];
    times[TurnPoint.COMMAND_APPENDED.ordinal()] = millis * 1000;
    return times;
  }

  @Test
  void shouldCountTheTurnsWhoseStampEqualsTheCommandsAppendTime() {
    CoordinatorStamps stamps = new CoordinatorStamps();
    stamps.note("t0", Stamp.ACCEPTED_RECORD, 100);
    stamps.note("t0", Stamp.ACCEPTED_RECORD, 999); // the first note counts
    stamps.note("t0", Stamp.ACCEPTED_OCCURRED_AT, 100);
    stamps.note("t0", Stamp.ASSIGNMENT_RECORD, 100);
    stamps.note("t0", Stamp.ASSIGNMENT_ISSUED_AT, 103);
    stamps.note("t1", Stamp.ACCEPTED_RECORD, 200);
    stamps.note("t1", Stamp.ACCEPTED_OCCURRED_AT, 201);
    stamps.note("t1", Stamp.ASSIGNMENT_RECORD, 200);
    stamps.note("t1", Stamp.ASSIGNMENT_ISSUED_AT, 200);

    String sentence =
        stamps.comparedWith(
            Map.of("t0", appendedAt(100), "t1", appendedAt(200), "t2", appendedAt(300)));

    assertThat(sentence)
        .isEqualTo(
            "Equal to the command's broker append time in TurnAccepted record timestamp: 2,"
                + " TurnAccepted occurredAt: 1, assignment record timestamp: 2, assignment"
                + " issuedAt: 1 of 2 turns.");
  }
}
