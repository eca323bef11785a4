package dev.baton.schemas.internal;

import dev.baton.schemas.Compatibility;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

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
        .flatMap(problem -> describe(reader, problem).stream())
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

  private static List<String> describe(Schema reader, Incompatibility problem) {
    String location = problem.getLocation();
    Schema writerBranch = writerBranch(problem);
    Schema readerBranch = writerBranch == null ? null : sameNamed(problem, writerBranch);
    if (readerBranch == null) {
      String path = SchemaPath.of(reader, location);
      return List.of(path + ": " + explain(problem));
    }
    // Avro reports a changed union branch as missing; say what changed inside it instead.
    String union = SchemaPath.of(reader, location.substring(0, location.lastIndexOf('/')));
    String name = writerBranch.getName();
    return readProblems(readerBranch, writerBranch).stream()
        .map(inner -> union + "[" + name + "]" + inner.substring(name.length()))
        .toList();
  }

  private static String explain(Incompatibility problem) {
    String what =
        switch (problem.getType()) {
          case READER_FIELD_MISSING_DEFAULT_VALUE ->
              "field added without a default, but older records do not have it";
          case TYPE_MISMATCH -> "type changed to one that cannot read the old type";
          case MISSING_ENUM_SYMBOLS -> "enum symbols removed, and the enum has no default";
          case MISSING_UNION_BRANCH -> "union branch removed or changed";
          case NAME_MISMATCH -> "named type renamed without an alias";
          case FIXED_SIZE_MISMATCH -> "fixed size changed";
          default -> "incompatible change";
        };
    return "%s (%s: %s)".formatted(what, problem.getType(), problem.getMessage());
  }

  /** The writer's union branch that Avro reports as missing from the reader's union, if any. */
  private static Schema writerBranch(Incompatibility problem) {
    Schema writer = problem.getWriterFragment();
    String location = problem.getLocation();
    if (problem.getType() != SchemaIncompatibilityType.MISSING_UNION_BRANCH
        || writer.getType() != Schema.Type.UNION) {
      return null;
    }
    String index = location.substring(location.lastIndexOf('/') + 1);
    return writer.getTypes().get(Integer.parseInt(index));
  }

  /** The reader union's branch with the full name of {@code writerBranch}, if any. */
  private static Schema sameNamed(Incompatibility problem, Schema writerBranch) {
    Schema reader = problem.getReaderFragment();
    if (reader.getType() != Schema.Type.UNION || !isNamed(writerBranch)) {
      return null;
    }
    return reader.getTypes().stream()
        .filter(
            branch -> isNamed(branch) && branch.getFullName().equals(writerBranch.getFullName()))
        .findFirst()
        .orElse(null);
  }

  private static boolean isNamed(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> true;
      default -> false;
    };
  }
}
