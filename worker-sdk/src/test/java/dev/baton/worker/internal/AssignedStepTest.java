package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignedStepTest {

  @Test
  void shouldShowTheSteeredMessagesOfTheContextInOrder() {
    AgentStep body =
        step(
            List.of(
                message(Role.USER, "hello"),
                message(Role.ASSISTANT, "calling"),
                message(Role.USER, "also this"),
                message(Role.USER, "and that")),
            10L,
            List.of(12L, 13L));

    assertThat(step(body).steered())
        .extracting(dev.baton.worker.Message::content)
        .containsExactly("also this", "and that");
  }

  @Test
  void shouldShowNoSteeredMessagesOfAStepWithout() {
    AgentStep body = step(List.of(message(Role.USER, "hello")), 10L, List.of());

    assertThat(step(body).steered()).isEmpty();
  }

  @Test
  void shouldSkipSteeredSeqsOutsideTheContext() {
    AgentStep body = step(List.of(message(Role.USER, "hello")), 10L, List.of(4L, 10L, 11L));

    assertThat(step(body).steered())
        .extracting(dev.baton.worker.Message::content)
        .containsExactly("hello");
  }

  private static AssignedStep step(AgentStep body) {
    Assignment assignment = TestAssignments.agentStep("s-1", "hello", 7);
    return new AssignedStep(assignment, body, null, () -> false, null);
  }

  private static AgentStep step(List<Message> context, Long startSeq, List<Long> steered) {
    return AgentStep.newBuilder()
        .setInput("hello")
        .setContext(context)
        .setContextStartSeq(startSeq)
        .setMetadata(Map.of())
        .setSteeredSeqs(steered)
        .build();
  }

  private static Message message(Role role, String content) {
    return Message.newBuilder().setRole(role).setContent(content).build();
  }
}
