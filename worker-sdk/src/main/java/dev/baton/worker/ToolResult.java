package dev.baton.worker;

import java.util.Objects;

/**
 * The outcome of a tool call as the agent sees it: the tool's output, or an error the agent may
 * react to.
 *
 * <p>{@code return exists ? ToolResult.ok(text) : ToolResult.error("no such note: " + name);}
 *
 * @param content the output, or the error's text
 * @param isError whether the tool failed
 */
public record ToolResult(String content, boolean isError) {

  /** Checks that the content is not null. */
  public ToolResult {
    Objects.requireNonNull(content, "content");
  }

  /** The tool succeeded with {@code content}. */
  public static ToolResult ok(String content) {
    return new ToolResult(content, false);
  }

  /** The tool failed; the agent sees {@code content} as the error. */
  public static ToolResult error(String content) {
    return new ToolResult(content, true);
  }
}
