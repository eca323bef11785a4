package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerRequestsTest {

  @Test
  void shouldShowTheCountsSinceTheFirstSnapshotPerTurnWithUnlistedRequestsSummed() {
    BrokerRequests before =
        new BrokerRequests(Map.of("Produce", 100L, "Heartbeat", 5L, "__consumer_offsets", 10L));
    BrokerRequests after =
        new BrokerRequests(
            Map.of(
                "Produce", 140L,
                "Heartbeat", 9L,
                "FindCoordinator", 2L,
                "__consumer_offsets", 30L));

    Table table = after.perTurnSince(before, 10, "requests", "Requests");

    assertThat(table.value("Produce", "count")).isEqualTo(40);
    assertThat(table.value("Produce", "per turn")).isEqualTo(4.0);
    assertThat(table.value("ShareFetch", "count")).isZero();
    assertThat(table.value(BrokerRequests.OTHER, "count")).isEqualTo(6);
    assertThat(table.value("records to __consumer_offsets", "per turn")).isEqualTo(2.0);
  }

  @Test
  void shouldReadTheMetersOfABrokerInThisJvmOrNothing() {
    // No broker runs in the unit tests' JVM.
    assertThat(BrokerRequests.snapshot()).isEmpty();
  }
}
