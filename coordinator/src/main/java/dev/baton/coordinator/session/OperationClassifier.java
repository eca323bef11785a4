package dev.baton.coordinator.session;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the {@link OperationClass} of a tool call. Pure and immutable. The rules, first match
 * wins:
 *
 * <ol>
 *   <li>the configured map: an operator's word overrides everything, in both directions;
 *   <li>the worker's declaration ({@code tool(name, OperationClass, handler)}), carried on the
 *       request. If the calls of one step declare the same tool differently, the stricter class
 *       ({@code WRITE}) wins for all of them. A declaration is taken as it is, also when it
 *       disagrees with the name: the worker knows its handler, the prefix below is only a guess;
 *   <li>the name prefix: {@code read_}, {@code get_}, {@code list_}, {@code search_} and {@code
 *       fetch_} mean {@code READ};
 *   <li>otherwise {@code WRITE}, the safe class.
 * </ol>
 *
 * <pre>{@code
 * OperationClassifier classifier =
 *     OperationClassifier.of(Map.of("get_and_increment", OperationClass.WRITE));
 * classifier.classify("get_and_increment", Optional.of(OperationClass.READ)); // WRITE
 * classifier.classify("list_files", Optional.empty()); // READ
 * }</pre>
 */
public final class OperationClassifier {

  /** The name prefixes that mean {@link OperationClass#READ} when nothing else decides. */
  public static final List<String> READ_PREFIXES =
      List.of("read_", "get_", "list_", "search_", "fetch_");

  private static final OperationClassifier DEFAULTS = new OperationClassifier(Map.of());

  private final Map<String, OperationClass> configured;

  private OperationClassifier(Map<String, OperationClass> configured) {
    this.configured = Map.copyOf(configured);
  }

  /** A classifier with no configured classes. */
  public static OperationClassifier defaults() {
    return DEFAULTS;
  }

  /**
   * A classifier with {@code configured} classes by tool name.
   *
   * @throws NullPointerException if the map, a name or a class is null
   */
  public static OperationClassifier of(Map<String, OperationClass> configured) {
    Objects.requireNonNull(configured, "configured");
    return configured.isEmpty() ? DEFAULTS : new OperationClassifier(configured);
  }

  /** The configured classes by tool name. */
  public Map<String, OperationClass> configured() {
    return configured;
  }

  /** The class of a call of tool {@code name} that the worker declared as {@code declared}. */
  public OperationClass classify(String name, Optional<OperationClass> declared) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(declared, "declared");
    OperationClass fixed = configured.get(name);
    if (fixed != null) {
      return fixed;
    }
    return declared.orElseGet(() -> byPrefix(name));
  }

  /**
   * The classes of the calls of one step, by index. A tool declared differently by calls of the
   * same step gets the stricter declared class for all of them.
   */
  public List<OperationClass> classifyStep(List<ToolCallRequest> calls) {
    Map<String, OperationClass> declaredByName = new java.util.HashMap<>();
    for (ToolCallRequest call : calls) {
      call.declaredClass()
          .ifPresent(
              declared -> declaredByName.merge(call.name(), declared, OperationClass::stricter));
    }
    return calls.stream()
        .map(call -> classify(call.name(), Optional.ofNullable(declaredByName.get(call.name()))))
        .toList();
  }

  private static OperationClass byPrefix(String name) {
    return READ_PREFIXES.stream().anyMatch(name::startsWith)
        ? OperationClass.READ
        : OperationClass.WRITE;
  }

  @Override
  public String toString() {
    return "OperationClassifier[configured=" + configured + "]";
  }
}
