package dev.baton.schemas;

import java.util.List;

/**
 * A schema change breaks backward compatibility: the new schema cannot read data written with the
 * old one. Thrown by the build's baseline check; not retryable.
 *
 * <p>{@code SchemaBaseline.verify(baselineDir, currentDir); // throws IncompatibleSchemaException}
 */
public final class IncompatibleSchemaException extends BatonException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  private IncompatibleSchemaException(String message, List<String> problems) {
    super(message, null, false);
    this.problems = List.copyOf(problems);
  }

  /**
   * Schemas under {@code currentDir} are not backward compatible with their committed baseline.
   *
   * @param problems one line per broken schema or field
   * @param baselineDir where the baseline lives
   * @param currentDir where the changed schemas live
   */
  public static IncompatibleSchemaException againstBaseline(
      List<String> problems, String baselineDir, String currentDir) {
    String message =
        "Schemas in %s are not backward compatible with the baseline in %s (%d problem(s)):%n  - %s%n%s"
            .formatted(
                currentDir,
                baselineDir,
                problems.size(),
                String.join(System.lineSeparator() + "  - ", problems),
                howToFix(baselineDir, currentDir));
    return new IncompatibleSchemaException(message, problems);
  }

  private static String howToFix(String baselineDir, String currentDir) {
    return ("Consumers must read old records with the new schema. Give every added field a"
            + " default, do not remove a field that has no default, and do not remove or rename a"
            + " schema. If the break is deliberate (a new topic or a registry migration), update"
            + " the baseline in the same commit: cp %s/*.avsc %s/ (see docs/topics.md).")
        .formatted(currentDir, baselineDir);
  }

  /** One line per broken schema or field. */
  public List<String> problems() {
    return problems;
  }
}
