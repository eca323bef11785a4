package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.avro.Role;
import dev.baton.worker.Message;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolCallResult;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Usage;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mapping between the SDK's types and the wire's Avro classes, both ways, field by field and
 * constant by constant. The Avro classes are written out in full, as in {@link Wire}.
 */
class WireTest {

  @ParameterizedTest
  @EnumSource(dev.baton.schemas.avro.OperationClass.class)
  void shouldMapEveryWireOperationClassToTheSdkConstantOfTheSameNameAndBack(
      dev.baton.schemas.avro.OperationClass wire) {
    OperationClass sdk = Wire.fromAvro(wire);

    assertThat(sdk.name()).isEqualTo(wire.name());
    assertThat(Wire.toAvro(sdk)).isEqualTo(wire);
  }

  @ParameterizedTest
  @EnumSource(OperationClass.class)
  void shouldMapEverySdkOperationClassToTheWireSymbolOfTheSameNameAndBack(OperationClass sdk) {
    dev.baton.schemas.avro.OperationClass wire = Wire.toAvro(sdk);

    assertThat(wire.name()).isEqualTo(sdk.name());
    assertThat(Wire.fromAvro(wire)).isEqualTo(sdk);
  }

  @ParameterizedTest
  @EnumSource(dev.baton.schemas.avro.Role.class)
  void shouldMapEveryWireRoleToTheSdkRoleOfTheSameNameAndBack(dev.baton.schemas.avro.Role wire) {
    Message.Role sdk = Wire.fromAvro(wire);

    assertThat(sdk.name()).isEqualTo(wire.name());
    assertThat(Wire.toAvro(sdk)).isEqualTo(wire);
  }

  @ParameterizedTest
  @EnumSource(Message.Role.class)
  void shouldMapEverySdkRoleToTheWireRoleOfTheSameNameAndBack(Message.Role sdk) {
    dev.baton.schemas.avro.Role wire = Wire.toAvro(sdk);

    assertThat(wire.name()).isEqualTo(sdk.name());
    assertThat(Wire.fromAvro(wire)).isEqualTo(sdk);
  }

  @Test
  void shouldHaveTheSameConstantsOnBothSides() {
    assertThat(names(OperationClass.values()))
        .containsExactlyElementsOf(names(dev.baton.schemas.avro.OperationClass.values()));
    assertThat(names(Message.Role.values()))
        .containsExactlyElementsOf(names(dev.baton.schemas.avro.Role.values()));
  }

  /**
   * Fails when a field is added to a mapped record on either side: the mapping and the tests below
   * must then say what becomes of it.
   */
  @Test
  void shouldKnowEveryFieldOfTheTypesItMaps() {
    assertThat(fields(dev.baton.schemas.avro.Message.getClassSchema()))
        .containsExactly("role", "content", "toolCalls", "toolResult", "usage");
    assertThat(components(Message.class))
        .containsExactly("role", "content", "toolCalls", "toolResult", "usage");
    assertThat(fields(dev.baton.schemas.avro.ToolCallRequest.getClassSchema()))
        .containsExactly("callId", "name", "argumentsJson", "declaredClass", "needsApproval");
    assertThat(components(ToolCall.class)).containsExactly("callId", "name", "argumentsJson");
    assertThat(fields(dev.baton.schemas.avro.ToolResult.getClassSchema()))
        .containsExactly("callId", "content", "isError");
    assertThat(components(ToolCallResult.class)).containsExactly("callId", "result");
    assertThat(components(ToolResult.class)).containsExactly("content", "isError");
    assertThat(fields(dev.baton.schemas.avro.Usage.getClassSchema()))
        .containsExactly("inputTokens", "outputTokens", "model");
    assertThat(components(Usage.class)).containsExactly("inputTokens", "outputTokens", "model");
  }

  @Test
  void shouldMapEveryFieldOfAWireMessage() {
    dev.baton.schemas.avro.Message wire =
        new dev.baton.schemas.avro.Message(
            dev.baton.schemas.avro.Role.ASSISTANT,
            "Let me look.",
            List.of(
                new dev.baton.schemas.avro.ToolCallRequest(
                    "c-0",
                    "read_note",
                    "{\"name\":\"a\"}",
                    dev.baton.schemas.avro.OperationClass.READ,
                    false),
                new dev.baton.schemas.avro.ToolCallRequest("c-1", "write_note", "{}", null, false)),
            new dev.baton.schemas.avro.ToolResult("c-9", "no note a", true),
            new dev.baton.schemas.avro.Usage(120L, 30L, "model-1"));

    Message message = Wire.fromAvro(wire);

    assertThat(message.role()).isEqualTo(Message.Role.ASSISTANT);
    assertThat(message.content()).isEqualTo("Let me look.");
    assertThat(message.toolCalls())
        .containsExactly(
            ToolCall.of("c-0", "read_note", "{\"name\":\"a\"}"),
            ToolCall.of("c-1", "write_note", "{}"));
    assertThat(message.toolResult())
        .contains(new ToolCallResult("c-9", ToolResult.error("no note a")));
    assertThat(message.usage()).contains(Usage.of(120, 30, "model-1"));
  }

  @Test
  void shouldMapAWireMessageWithoutResultUsageOrModel() {
    dev.baton.schemas.avro.Message wire =
        new dev.baton.schemas.avro.Message(
            dev.baton.schemas.avro.Role.USER, "hello", List.of(), null, null);

    assertThat(Wire.fromAvro(wire)).isEqualTo(Message.user("hello"));
    assertThat(Wire.fromAvro(new dev.baton.schemas.avro.Usage(1L, 2L, null)))
        .isEqualTo(Usage.of(1, 2));
  }

  @Test
  void shouldGiveAToolMessageStoredOnceItsResultAsContent() {
    var result = new dev.baton.schemas.avro.ToolResult("c-0", "the note", false);
    var once = new dev.baton.schemas.avro.Message(Role.TOOL, "", List.of(), result, null);
    var twice = new dev.baton.schemas.avro.Message(Role.TOOL, "the note", List.of(), result, null);

    assertThat(Wire.fromAvro(once)).isEqualTo(Message.tool("c-0", ToolResult.ok("the note")));
    assertThat(Wire.fromAvro(twice)).isEqualTo(Wire.fromAvro(once));
  }

  @Test
  void shouldMapEveryFieldOfAnSdkMessage() {
    Message message =
        new Message(
            Message.Role.TOOL,
            "hello",
            List.of(ToolCall.of("c-0", "read_note", "{}")),
            Optional.of(new ToolCallResult("c-0", ToolResult.ok("hello"))),
            Optional.of(Usage.of(3, 4, "model-2")));

    dev.baton.schemas.avro.Message wire = Wire.toAvro(message);

    assertThat(wire.getRole()).isEqualTo(dev.baton.schemas.avro.Role.TOOL);
    assertThat(wire.getContent()).isEqualTo("hello");
    assertThat(wire.getToolCalls())
        .containsExactly(
            new dev.baton.schemas.avro.ToolCallRequest("c-0", "read_note", "{}", null, false));
    assertThat(wire.getToolResult())
        .isEqualTo(new dev.baton.schemas.avro.ToolResult("c-0", "hello", false));
    assertThat(wire.getUsage()).isEqualTo(new dev.baton.schemas.avro.Usage(3L, 4L, "model-2"));
  }

  @Test
  void shouldMapAnSdkMessageWithoutResultOrUsageToNulls() {
    dev.baton.schemas.avro.Message wire = Wire.toAvro(Message.assistant("done"));

    assertThat(wire.getToolCalls()).isEmpty();
    assertThat(wire.getToolResult()).isNull();
    assertThat(wire.getUsage()).isNull();
    assertThat(Wire.toAvro(Usage.of(1, 2)).getModel()).isNull();
    assertThat(Wire.toAvro(Optional.<Usage>empty())).isNull();
  }

  @Test
  void shouldRoundTripSdkMessagesOfEveryRole() {
    List<Message> messages =
        List.of(
            Message.system("be brief"),
            Message.user("tools: read a"),
            Message.assistant("", List.of(ToolCall.of("c-0", "read_note", "{\"name\":\"a\"}"))),
            Message.tool("c-0", ToolResult.error("no note a")),
            new Message(
                Message.Role.ASSISTANT,
                "done",
                List.of(),
                Optional.empty(),
                Optional.of(Usage.of(5, 6, "m"))));

    for (Message message : messages) {
      assertThat(Wire.fromAvro(Wire.toAvro(message))).isEqualTo(message);
    }
    assertThat(Wire.messagesFromAvro(messages.stream().map(Wire::toAvro).toList()))
        .isEqualTo(messages);
  }

  @Test
  void shouldWriteTheCallIdAndDeclaredClassOfARequestedToolCall() {
    ToolCall call = ToolCall.of("read_note", "{\"name\":\"a\"}");

    assertThat(Wire.toAvro(call, "a-1-0", OperationClass.READ, false))
        .isEqualTo(
            new dev.baton.schemas.avro.ToolCallRequest(
                "a-1-0",
                "read_note",
                "{\"name\":\"a\"}",
                dev.baton.schemas.avro.OperationClass.READ,
                false));
    assertThat(Wire.toAvro(call, "a-1-0", null, false).getDeclaredClass()).isNull();
  }

  @Test
  void shouldWriteWhetherARequestedToolCallNeedsApproval() {
    ToolCall call = ToolCall.of("deploy", "{\"env\":\"prod\"}");

    assertThat(Wire.toAvro(call, "a-1-0", OperationClass.WRITE, true).getNeedsApproval()).isTrue();
    assertThat(Wire.toAvro(call, "a-1-0", OperationClass.WRITE, false).getNeedsApproval())
        .isFalse();
  }

  @Test
  void shouldWriteNoApprovalForTheToolCallsOfAContextMessage() {
    Message message = Message.assistant("", List.of(ToolCall.of("c-0", "deploy", "{}")));

    assertThat(Wire.toAvro(message).getToolCalls())
        .singleElement()
        .satisfies(call -> assertThat(call.getNeedsApproval()).isFalse());
  }

  @Test
  void shouldDropTheDeclarationsOfAToolCallTheAgentReads() {
    dev.baton.schemas.avro.ToolCallRequest wire =
        new dev.baton.schemas.avro.ToolCallRequest(
            "c-0", "write_note", "{}", dev.baton.schemas.avro.OperationClass.WRITE, true);

    assertThat(Wire.fromAvro(wire)).isEqualTo(ToolCall.of("c-0", "write_note", "{}"));
  }

  @Test
  void shouldMapStepOperationClassesInOrder() {
    assertThat(
            Wire.operationClassesFromAvro(
                List.of(
                    dev.baton.schemas.avro.OperationClass.WRITE,
                    dev.baton.schemas.avro.OperationClass.READ,
                    dev.baton.schemas.avro.OperationClass.WRITE)))
        .containsExactly(OperationClass.WRITE, OperationClass.READ, OperationClass.WRITE);
  }

  @Test
  void shouldRejectAWireUsageWithNegativeCounts() {
    assertThatThrownBy(() -> Wire.fromAvro(new dev.baton.schemas.avro.Usage(-1L, 0L, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputTokens=-1");
  }

  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toList();
  }

  private static List<String> fields(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }

  private static List<String> components(Class<? extends Record> type) {
    return Stream.of(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }
}
