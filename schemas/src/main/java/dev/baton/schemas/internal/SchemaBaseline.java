package dev.baton.schemas.internal;

import dev.baton.schemas.IncompatibleSchemaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/**
 * The build's check that schema changes stay backward compatible: every schema committed in the
 * baseline directory must still exist, under the same full name, and the current schema must read
 * data written with the baseline schema.
 */
public final class SchemaBaseline {

  private SchemaBaseline() {}

  /**
   * Checks the {@code .avsc} files of {@code currentDir} against those of {@code baselineDir}.
   *
   * @throws IncompatibleSchemaException listing every problem and how to update the baseline
   */
  public static void verify(Path baselineDir, Path currentDir) {
    List<String> problems = problems(baselineDir, currentDir);
    if (!problems.isEmpty()) {
      throw IncompatibleSchemaException.againstBaseline(
          problems, baselineDir.toString(), currentDir.toString());
    }
  }

  /** Returns one line per removed schema or incompatible field; empty if all is well. */
  public static List<String> problems(Path baselineDir, Path currentDir) {
    Map<String, Schema> baseline = parseDirectory(baselineDir);
    Map<String, Schema> current = parseDirectory(currentDir);
    List<String> problems = new ArrayList<>();
    baseline.forEach(
        (name, old) -> {
          Schema now = current.get(name);
          if (now == null) {
            problems.add(name + " was removed or renamed; its topic's readers would break");
          } else {
            problems.addAll(AvroCompatibility.readProblems(now, old));
          }
        });
    return problems;
  }

  /**
   * Parses every {@code .avsc} file of {@code dir}, in any order (a file may use types defined in
   * another), and returns each file's schema by full name.
   */
  public static Map<String, Schema> parseDirectory(Path dir) {
    SchemaParser parser = new SchemaParser();
    List<SchemaParser.ParseResult> parsed = new ArrayList<>();
    for (Path file : schemaFiles(dir)) {
      try {
        parsed.add(parser.parse(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema file " + file, e);
      }
    }
    Map<String, Schema> schemas = new LinkedHashMap<>();
    for (SchemaParser.ParseResult result : parsed) {
      Schema schema = parser.resolve(result);
      schemas.put(schema.getFullName(), schema);
    }
    return schemas;
  }

  private static List<Path> schemaFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schema directory " + dir, e);
    }
  }
}
