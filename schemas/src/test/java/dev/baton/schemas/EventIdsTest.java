package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void shouldGiveTheSameIdForTheSameSessionAndSeq() {
    assertThat(EventIds.of("session-1", 42)).isEqualTo(EventIds.of("session-1", 42));
  }

  @Test
  void shouldKeepIdsStableAcrossReleases() {
    // Python: uuid.uuid5(UUID("cea54bb8-8cd4-4925-a50c-b934f0beac1a"), "session-1/42")
    assertThat(EventIds.of("session-1", 42)).isEqualTo("c4536063-3bbe-5eda-90ad-10d8fbf2ff55");
  }

  @Test
  void shouldBeVersion5Uuid() {
    UUID id = UUID.fromString(EventIds.of("s", 0));

    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void shouldGiveDistinctIdsForDistinctEvents() {
    Set<String> ids = new HashSet<>();
    for (String session : new String[] {"s", "s1", "s:1", "t", "acme/s", "acme/s1"}) {
      for (long seq = 0; seq < 250; seq++) {
        ids.add(EventIds.of(session, seq));
      }
    }

    assertThat(ids).hasSize(6 * 250);
  }

  @Test
  void shouldRejectInvalidInput() {
    assertThatThrownBy(() -> EventIds.of("a/b/c", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventIds.of("s", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eventSeq");
  }
}
