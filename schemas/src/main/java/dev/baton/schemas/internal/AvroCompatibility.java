package dev.baton.schemas.internal;

import dev.baton.schemas.Compatibility;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Compatibility checks between Avro schemas, with readable problem descriptions. */
public final class AvroCompatibility {

  private AvroCompatibility() {}

  /**
   * Returns why {@code reader} cannot read data written with {@code writer}; empty if it can. Each
   * problem names the field path, such as {@code Command.body[SubmitTurn].priority}.
   */
  public static List<String> readProblems(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getResult()
        .getIncompatibilities()
        .stream()
        .map(problem -> describe(reader, problem))
        .toList();
  }

  /**
   * Returns why {@code candidate} breaks {@code level} against {@code earlier} (oldest first);
   * empty if it does not.
   */
  public static List<String> problems(Compatibility level, Schema candidate, List<Schema> earlier) {
    if (level == Compatibility.NONE || earlier.isEmpty()) {
      return List.of();
    }
    List<Schema> against =
        level.name().endsWith("_TRANSITIVE") ? earlier : List.of(earlier.getLast());
    boolean backward = !level.name().startsWith("FORWARD");
    boolean forward = !level.name().startsWith("BACKWARD");
    List<String> problems = new ArrayList<>();
    for (Schema old : against) {
      if (backward) {
        problems.addAll(readProblems(candidate, old));
      }
      if (forward) {
        problems.addAll(readProblems(old, candidate));
      }
    }
    return problems;
  }

  private static String describe(Schema reader, Incompatibility problem) {
    return "%s: %s (%s)"
        .formatted(
            SchemaPath.of(reader, problem.getLocation()), problem.getMessage(), problem.getType());
  }
}
