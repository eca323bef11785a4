package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.InputDigest;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.coordinator.topology.RememberedTurn;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A page of remembered turns reads back as written, and a value in no known format is refused. */
class TurnPageSerdeTest {

  private final TurnPageSerde serde = new TurnPageSerde();

  @Test
  void shouldReadBackAPageAsWritten() {
    Instant at = Instant.parse("2026-12-05T14:00:00.123456789Z");
    List<RememberedTurn> page =
        List.of(
            new RememberedTurn(
                64,
                new FinishedTurn(
                    "t-界", TurnStatus.COMPLETED, Optional.of(InputDigest.of("x")), at)),
            new RememberedTurn(
                70, new FinishedTurn("t-2", TurnStatus.CANCELLED, Optional.empty(), at)));

    assertThat(serde.deserialize("t", serde.serialize("t", page))).isEqualTo(page);
    assertThat(serde.deserialize("t", serde.serialize("t", List.of()))).isEmpty();
    assertThat(serde.serialize("t", null)).isNull();
  }

  @Test
  void shouldRefuseAValueOfAnUnknownFormat() {
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {9, 0, 0, 0, 0}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown format version 9");
  }
}
