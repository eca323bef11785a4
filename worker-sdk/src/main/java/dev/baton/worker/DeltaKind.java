package dev.baton.worker;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a piece of streamed output is: the step's answer text ({@link #TEXT}), the model's reasoning
 * ({@link #REASONING}), or a kind of the worker's own naming. Clients see it as the {@code kind} of
 * each {@code delta} event of the turn's stream; one delta holds text of one kind.
 *
 * <pre>{@code
 * step.emit(DeltaKind.REASONING, chunk.thinking());
 * step.emit(DeltaKind.of("tool_progress"), "fetched 3 of 10 pages");
 * }</pre>
 *
 * @param name 1 to {@value #MAX_LENGTH} characters of {@code [a-z0-9_.-]}, starting with a letter
 */
public record DeltaKind(String name) {

  /** The longest kind name. */
  public static final int MAX_LENGTH = 32;

  /** The pattern every kind name matches. */
  public static final Pattern PATTERN =
      Pattern.compile("[a-z][a-z0-9_.-]{0," + (MAX_LENGTH - 1) + "}");

  /** The step's output text; what {@link Step#emit(String)} streams. */
  public static final DeltaKind TEXT = new DeltaKind("text");

  /** The model's reasoning, shown apart from the answer. */
  public static final DeltaKind REASONING = new DeltaKind("reasoning");

  /**
   * Checks the name.
   *
   * @throws IllegalArgumentException naming the value and the rule, if it does not match {@link
   *     #PATTERN}
   */
  public DeltaKind {
    Objects.requireNonNull(name, "name");
    if (!PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid delta kind '" + name + "': must match " + PATTERN.pattern());
    }
  }

  /** The kind named {@code name}. */
  public static DeltaKind of(String name) {
    return new DeltaKind(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
