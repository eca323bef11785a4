package dev.baton.cli.example;

import dev.baton.worker.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tool calls an input of the form {@code tools: read a, read b, write a=hello, read a, list}
 * asks the example agent for: {@code read <name>} calls {@value NotesTools#READ_NOTE}, {@code write
 * <name>=<text>} calls {@value NotesTools#WRITE_NOTE}, {@code list} calls {@value
 * NotesTools#LIST_NOTES}, {@code approve-me <text>} calls {@value ApprovalTool#NAME}, which waits
 * for a person's approval. An input {@code approve-me <text>} is the script of that one call, its
 * text taken whole (commas and all).
 *
 * @param operations the operations as written, trimmed, in order
 * @param calls the tool call of each operation, in the same order
 */
record ToolScript(List<String> operations, List<ToolCall> calls) {

  /** What a tool script starts with. */
  static final String PREFIX = "tools:";

  /** What an input that asks for one {@value ApprovalTool#NAME} call starts with. */
  static final String APPROVE_ME = ApprovalTool.NAME + " ";

  ToolScript {
    operations = List.copyOf(operations);
    calls = List.copyOf(calls);
  }

  /**
   * The script in {@code input}, if it starts with {@value #PREFIX} or {@value #APPROVE_ME}.
   *
   * @throws IllegalArgumentException if an operation is not one of the four forms
   */
  static Optional<ToolScript> parse(String input) {
    if (input.startsWith(APPROVE_ME)) {
      String operation = input.strip();
      return Optional.of(new ToolScript(List.of(operation), List.of(callOf(operation))));
    }
    if (!input.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
      return Optional.empty();
    }
    List<String> operations = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    for (String part : input.substring(PREFIX.length()).split(",")) {
      String operation = part.strip();
      if (operation.isEmpty()) {
        continue;
      }
      operations.add(operation);
      calls.add(callOf(operation));
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no operations after \"tools:\"");
    }
    return Optional.of(new ToolScript(operations, calls));
  }

  private static ToolCall callOf(String operation) {
    String[] words = operation.split("\\s+", 2);
    String verb = words[0].toLowerCase(Locale.ROOT);
    String rest = words.length > 1 ? words[1].strip() : "";
    switch (verb) {
      case "list" -> {
        if (rest.isEmpty()) {
          return ToolCall.of(NotesTools.LIST_NOTES, "{}");
        }
      }
      case "read" -> {
        if (!rest.isEmpty() && !rest.contains("=")) {
          return ToolCall.of(NotesTools.READ_NOTE, NotesTools.readArguments(rest));
        }
      }
      case "write" -> {
        int eq = rest.indexOf('=');
        if (eq > 0) {
          return ToolCall.of(
              NotesTools.WRITE_NOTE,
              NotesTools.writeArguments(rest.substring(0, eq).strip(), rest.substring(eq + 1)));
        }
      }
      case ApprovalTool.NAME -> {
        if (!rest.isEmpty()) {
          return ToolCall.of(ApprovalTool.NAME, ApprovalTool.arguments(rest));
        }
      }
      default -> {}
    }
    throw new IllegalArgumentException(
        "cannot understand \""
            + operation
            + "\": use read <name>, write <name>=<text>, list or approve-me <text>");
  }
}
