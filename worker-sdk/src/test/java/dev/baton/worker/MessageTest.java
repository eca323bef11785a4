package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void shouldBuildAMessageOfEachRole() {
    assertThat(Message.user("hi").role()).isEqualTo(Message.Role.USER);
    assertThat(Message.system("be brief").role()).isEqualTo(Message.Role.SYSTEM);
    assertThat(Message.assistant("done").toolCalls()).isEmpty();
    assertThat(Message.user("hi").toolResult()).isEmpty();
    assertThat(Message.user("hi").usage()).isEmpty();
  }

  @Test
  void shouldCarryAToolResultWithItsCallIdAndContent() {
    Message message = Message.tool("c-0", ToolResult.error("no note a"));

    assertThat(message.role()).isEqualTo(Message.Role.TOOL);
    assertThat(message.content()).isEqualTo("no note a");
    assertThat(message.toolResult())
        .contains(new ToolCallResult("c-0", new ToolResult("no note a", true)));
  }

  @Test
  void shouldCopyTheToolCalls() {
    List<ToolCall> calls = new ArrayList<>(List.of(ToolCall.of("c-0", "read_note", "{}")));

    Message message = Message.assistant("", calls);
    calls.clear();

    assertThat(message.toolCalls()).hasSize(1);
    assertThatThrownBy(() -> message.toolCalls().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectAToolCallWithoutAnId() {
    assertThatThrownBy(() -> Message.assistant("", List.of(ToolCall.of("read_note", "{}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read_note");
  }

  @Test
  void shouldRejectNulls() {
    assertThatThrownBy(() -> Message.user(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Message.tool("c-0", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Message(Message.Role.USER, "", List.of(), null, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("toolResult");
  }

  @Test
  void shouldRejectABlankResultCallId() {
    assertThatThrownBy(() -> Message.tool(" ", ToolResult.ok("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
