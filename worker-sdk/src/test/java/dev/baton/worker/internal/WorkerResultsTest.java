package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.OperationClass;
import dev.baton.worker.StepFailedException;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    AgentAnswered body =
        (AgentAnswered)
            WorkerResults.body(
                StepResult.answer("hello", Usage.of(3, 5, "m")), "a-1", ToolRegistry.empty());

    assertThat(body.getMessage().getRole()).isEqualTo(Role.ASSISTANT);
    assertThat(body.getMessage().getContent()).isEqualTo("hello");
    assertThat(body.getMessage().getToolCalls()).isEmpty();
    assertThat(body.getMessage().getToolResult()).isNull();
    assertThat(body.getMessage().getUsage()).isEqualTo(body.getUsage());
    assertThat(body.getUsage().getInputTokens()).isEqualTo(3);
    assertThat(body.getUsage().getOutputTokens()).isEqualTo(5);
    assertThat(body.getUsage().getModel()).isEqualTo("m");
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

  @Test
  void shouldReportToolCallsWithTheirDeclarationsAndGeneratedIds() {
    ToolRegistry tools =
        ToolRegistry.of(
            Map.of(
                "read_note",
                new ToolRegistry.Tool("read_note", OperationClass.READ, c -> null),
                "write_note",
                new ToolRegistry.Tool("write_note", OperationClass.WRITE, c -> null, true)));

    ToolCallsRequested body =
        (ToolCallsRequested)
            WorkerResults.body(
                StepResult.callTools(
                        ToolCall.of("read_note", "{\"name\":\"a\"}"),
                        ToolCall.of("mine", "write_note", "{}"),
                        ToolCall.of("search", "{}"))
                    .withContent("Let me look.")
                    .withUsage(Usage.of(3, 4)),
                "a-1",
                tools);

    assertThat(body.getCalls())
        .extracting(ToolCallRequest::getCallId)
        .containsExactly("a-1-0", "mine", "a-1-2");
    assertThat(body.getCalls())
        .extracting(call -> String.valueOf(call.getDeclaredClass()))
        .containsExactly("READ", "WRITE", "null");
    assertThat(body.getCalls())
        .extracting(ToolCallRequest::getNeedsApproval)
        .containsExactly(false, true, false);
    assertThat(body.getCalls().getFirst().getArgumentsJson()).isEqualTo("{\"name\":\"a\"}");
    assertThat(body.getCalls())
        .extracting(ToolCallRequest::getName)
        .containsExactly("read_note", "write_note", "search");
    assertThat(body.getContent()).isEqualTo("Let me look.");
    assertThat(body.getUsage().getInputTokens()).isEqualTo(3);
    assertThat(body.getUsage().getOutputTokens()).isEqualTo(4);
    assertThat(body.getUsage().getModel()).isNull();
  }

  @Test
  void shouldReportAToolCallThatRanWithItsTimes() {
    var call =
        (ToolCallAssignment)
            TestAssignments.toolCall("s-1", "t", 1, 0, List.of(OperationClass.READ)).getBody();

    var body =
        WorkerResults.toolCallFinished(
            call, ToolResult.error("bad"), NOW, NOW.plusMillis(5), java.time.Duration.ofMillis(7));

    assertThat(body.getCallId()).isEqualTo("call-0");
    assertThat(body.getToolResult().getIsError()).isTrue();
    assertThat(body.getFinishedAt()).isEqualTo(NOW.plusMillis(5));
    assertThat(body.getLockWaitMs()).isEqualTo(7);
  }

  private static AgentAnswered answered(String content) {
    return (AgentAnswered)
        WorkerResults.body(StepResult.answer(content), "a-1", ToolRegistry.empty());
  }
}
