package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerResultsTest {

  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");

  @Test
  void shouldCarryTheAssignmentsIdsAndFencingToken() {
    Assignment assignment = TestAssignments.agentStep("s-1", "hi", 42);

    WorkerResult result = WorkerResults.of(assignment, answered("x"), "w-1", NOW);

    assertThat(result.getSessionId()).isEqualTo("s-1");
    assertThat(result.getTurnId()).isEqualTo(assignment.getTurnId());
    assertThat(result.getStep()).isEqualTo(assignment.getStep());
    assertThat(result.getAttempt()).isEqualTo(assignment.getAttempt());
    assertThat(result.getFencingToken()).isEqualTo(42);
    assertThat(result.getAssignmentId()).isEqualTo(assignment.getAssignmentId());
    assertThat(result.getWorkerId()).isEqualTo("w-1");
    assertThat(result.getProducedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldReportAnAnswerAsAnAssistantMessage() {
    Usage usage = Usage.newBuilder().setInputTokens(3).setOutputTokens(5).setModel("m").build();

    AgentAnswered body = (AgentAnswered) WorkerResults.body(StepResult.answer("hello", usage));

    assertThat(body.getMessage().getRole()).isEqualTo(Role.ASSISTANT);
    assertThat(body.getMessage().getContent()).isEqualTo("hello");
    assertThat(body.getUsage()).isEqualTo(usage);
  }

  @Test
  void shouldReportAnAnswerWithoutUsageWithNullUsage() {
    assertThat(answered("hello").getUsage()).isNull();
  }

  @Test
  void shouldReportANonRetryableFailureWithItsCode() {
    StepFailed body =
        WorkerResults.stepFailed(StepFailedException.nonRetryable("BAD_INPUT", "no good"));

    assertThat(body.getRetryable()).isFalse();
    assertThat(body.getError().getCode()).isEqualTo("BAD_INPUT");
    assertThat(body.getError().getMessage()).isEqualTo("no good");
    assertThat(body.getError().getDetail()).contains("StepFailedException");
    assertThat(body.getCallId()).isNull();
  }

  @Test
  void shouldReportAnyOtherExceptionAsAHandlerException() {
    StepFailed body = WorkerResults.stepFailed(new IllegalStateException());

    assertThat(body.getError().getCode()).isEqualTo(StepFailedException.HANDLER_EXCEPTION);
    assertThat(body.getError().getMessage()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void shouldReportAToolCallWithoutAHandlerAsNotStarted() {
    ToolCallAssignment call =
        (ToolCallAssignment) TestAssignments.toolCall("s-1", "read_file", 1).getBody();

    ToolCallNotStarted body = WorkerResults.unknownTool(call);

    assertThat(body.getCallId()).isEqualTo("call-1");
    assertThat(body.getReason()).isEqualTo(NotStartedReason.UNKNOWN_TOOL);
    assertThat(body.getDetail()).contains("read_file");
  }

  private static AgentAnswered answered(String content) {
    return (AgentAnswered) WorkerResults.body(StepResult.answer(content));
  }
}
