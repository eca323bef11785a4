package dev.baton.worker.internal;

import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolHandler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tools a worker runs, by name, each with its declared operation class and whether its calls
 * need approval. Immutable.
 */
public final class ToolRegistry {

  /**
   * A registered tool.
   *
   * @param name the tool's name
   * @param operationClass the class the worker declares for it
   * @param handler runs its calls
   * @param needsApproval whether the worker declares that its calls wait for a person's approval
   */
  public record Tool(
      String name, OperationClass operationClass, ToolHandler handler, boolean needsApproval) {

    /** Checks that nothing is null. */
    public Tool {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(operationClass, "operationClass");
      Objects.requireNonNull(handler, "handler");
    }

    /** A tool whose calls need no approval. */
    public Tool(String name, OperationClass operationClass, ToolHandler handler) {
      this(name, operationClass, handler, false);
    }
  }

  private static final ToolRegistry EMPTY = new ToolRegistry(Map.of());

  private final Map<String, Tool> tools;

  private ToolRegistry(Map<String, Tool> tools) {
    this.tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
  }

  /** No tools. */
  public static ToolRegistry empty() {
    return EMPTY;
  }

  /** The tools, which have distinct names. */
  public static ToolRegistry of(Map<String, Tool> tools) {
    return new ToolRegistry(tools);
  }

  /** The tool called {@code name}, if registered. */
  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** The class declared for {@code name}, or null if no such tool is registered. */
  OperationClass declaredClass(String name) {
    Tool tool = tools.get(name);
    return tool == null ? null : tool.operationClass();
  }

  /** Whether {@code name} is registered as a tool whose calls need approval. */
  boolean needsApproval(String name) {
    Tool tool = tools.get(name);
    return tool != null && tool.needsApproval();
  }

  /** Whether no tool is registered. */
  public boolean isEmpty() {
    return tools.isEmpty();
  }

  /** The registered names, in registration order. */
  public Set<String> names() {
    return tools.keySet();
  }
}
