package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {

  @Test
  void shouldMatchTypesIgnoringCaseAndKeepTheirNames() {
    EventFilter filter = EventFilter.of(null, List.of("turncompleted", " TurnFailed"));

    assertThat(filter.types()).isEqualTo(Set.of("TurnCompleted", "TurnFailed"));
    assertThat(filter.accepts(Events.turnCompleted("chat-1", 3))).isTrue();
    assertThat(filter.accepts(Events.turnStarted("chat-1", 1))).isFalse();
  }

  @Test
  void shouldKeepOnlyTheGivenSession() {
    EventFilter filter = EventFilter.of("chat-1", List.of());

    assertThat(filter.acceptsSession("chat-1")).isTrue();
    assertThat(filter.acceptsSession("chat-2")).isFalse();
    assertThat(filter.acceptsSession(null)).isFalse();
    assertThat(filter.accepts(Events.turnStarted("chat-2", 1))).isFalse();
  }

  @Test
  void shouldAcceptEverythingWithoutConditions() {
    assertThat(EventFilter.ALL.acceptsSession(null)).isTrue();
    assertThat(EventFilter.ALL.accepts(Events.turnStarted("any", 0))).isTrue();
  }

  @Test
  void shouldNameTheKnownTypesForAnUnknownOne() {
    assertThatThrownBy(() -> EventFilter.of(null, List.of("TurnDone")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown event type 'TurnDone'; known types: TurnAccepted,")
        .hasMessageContaining("HistoryCleared");
  }
}
