package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepResultTest {

  @Test
  void shouldKeepTheCallsInOrderWithoutContentOrUsage() {
    StepResult.ToolCalls calls =
        StepResult.callTools(ToolCall.of("a", "{}"), ToolCall.of("b", "{\"x\":1}"));

    assertThat(calls.calls()).extracting(ToolCall::name).containsExactly("a", "b");
    assertThat(calls.content()).isEmpty();
    assertThat(calls.usage()).isEmpty();
    assertThat(calls.calls().getFirst().callId()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldRejectNoCalls() {
    assertThatThrownBy(() -> StepResult.callTools(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }

  @Test
  void shouldRejectTwoCallsWithTheSameId() {
    assertThatThrownBy(
            () -> StepResult.callTools(ToolCall.of("c", "a", "{}"), ToolCall.of("c", "b", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c");
  }

  @Test
  void shouldRejectABlankToolName() {
    assertThatThrownBy(() -> ToolCall.of(" ", "{}")).isInstanceOf(IllegalArgumentException.class);
  }
}
