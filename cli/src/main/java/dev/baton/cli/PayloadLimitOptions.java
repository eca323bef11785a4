package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.session.PayloadLimits;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.topology.TopologyOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The byte limits of the payloads a coordinator accepts (a turn's input) and takes back from the
 * workers (tool calls, answers, tool results); each must fit in a record of {@code
 * --max-record-bytes} with room for its envelope.
 */
final class PayloadLimitOptions {

  @Option(
      names = "--max-input-bytes",
      converter = SettingTypes.PositiveInt.class,
      description =
          "The largest turn input, in UTF-8 bytes; a larger submit is rejected"
              + " (INPUT_TOO_LARGE, HTTP 400).")
  int maxInputBytes = SessionLimits.DEFAULT_MAX_INPUT_BYTES;

  @Option(
      names = "--max-tool-call-bytes",
      converter = SettingTypes.PositiveInt.class,
      description =
          "The largest tool call (name and arguments) an agent step may ask for, in UTF-8 bytes;"
              + " a larger one fails the step attempt (LIMIT_TOOL_CALL_BYTES), which is tried"
              + " again.")
  int maxToolCallBytes = PayloadLimits.DEFAULT_MAX_TOOL_CALL_BYTES;

  @Option(
      names = "--max-step-tool-call-bytes",
      converter = SettingTypes.PositiveInt.class,
      description =
          "The most bytes of tool calls and text one agent step may ask with; more fail the step"
              + " attempt (LIMIT_TOOL_CALL_BYTES), which is tried again.")
  int maxStepToolCallBytes = PayloadLimits.DEFAULT_MAX_STEP_TOOL_CALL_BYTES;

  @Option(
      names = "--max-answer-bytes",
      converter = SettingTypes.PositiveInt.class,
      description =
          "The largest answer an agent step may give, in UTF-8 bytes; a larger one fails the step"
              + " attempt (LIMIT_ANSWER_BYTES), which is tried again.")
  int maxAnswerBytes = PayloadLimits.DEFAULT_MAX_ANSWER_BYTES;

  @Option(
      names = "--max-tool-result-bytes",
      converter = SettingTypes.PositiveInt.class,
      description =
          "The largest tool result kept, in UTF-8 bytes; a larger one becomes the call's error"
              + " result (LIMIT_TOOL_RESULT_BYTES) and the turn goes on.")
  int maxToolResultBytes = PayloadLimits.DEFAULT_MAX_TOOL_RESULT_BYTES;

  /**
   * Sets these limits on {@code limits}, once each has been checked to fit in a record of {@code
   * maxRecordBytes}; one that does not stops {@code command} (the command these options are mixed
   * into) with both settings and their sources.
   */
  SessionLimits.Builder applyTo(
      CommandSpec command, SessionLimits.Builder limits, int maxRecordBytes) {
    byFlag()
        .forEach(
            (flag, bytes) -> {
              if (bytes > TopologyOptions.maxPayloadBytes(maxRecordBytes)) {
                throw Settings.conflict(
                    command,
                    flag,
                    MaxRecordBytesOption.FLAG,
                    TopologyOptions.payloadRule(maxRecordBytes));
              }
            });
    return limits
        .maxInputBytes(maxInputBytes)
        .payloads(
            PayloadLimits.builder()
                .maxToolCallBytes(maxToolCallBytes)
                .maxStepToolCallBytes(maxStepToolCallBytes)
                .maxAnswerBytes(maxAnswerBytes)
                .maxToolResultBytes(maxToolResultBytes)
                .build());
  }

  private Map<String, Integer> byFlag() {
    Map<String, Integer> limits = new LinkedHashMap<>();
    limits.put("--max-input-bytes", maxInputBytes);
    limits.put("--max-tool-call-bytes", maxToolCallBytes);
    limits.put("--max-step-tool-call-bytes", maxStepToolCallBytes);
    limits.put("--max-answer-bytes", maxAnswerBytes);
    limits.put("--max-tool-result-bytes", maxToolResultBytes);
    return limits;
  }
}
