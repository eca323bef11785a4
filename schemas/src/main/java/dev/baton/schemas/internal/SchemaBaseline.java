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
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

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
   * Parses every {@code .avsc} file of {@code dir} and returns each file's schema by full name. A
   * file may use types defined in another: files are parsed in rounds, each with the types the
   * earlier rounds defined, until all are parsed.
   *
   * @throws SchemaParseException if a file is invalid or uses a type no file defines
   */
  public static Map<String, Schema> parseDirectory(Path dir) {
    Map<Path, String> remaining = new LinkedHashMap<>();
    schemaFiles(dir).forEach(file -> remaining.put(file, read(file)));
    Map<String, Schema> known = new LinkedHashMap<>();
    Map<String, Schema> schemas = new LinkedHashMap<>();
    while (!remaining.isEmpty()) {
      int before = remaining.size();
      List<String> errors = new ArrayList<>();
      for (Map.Entry<Path, String> file : List.copyOf(remaining.entrySet())) {
        Schema.Parser parser = new Schema.Parser().addTypes(known.values());
        try {
          Schema schema = parser.parse(file.getValue());
          schemas.put(schema.getFullName(), schema);
          known.putAll(parser.getTypes());
          remaining.remove(file.getKey());
        } catch (AvroRuntimeException e) {
          errors.add(file.getKey() + ": " + e.getMessage());
        }
      }
      if (remaining.size() == before) {
        throw new SchemaParseException("cannot parse schemas: " + String.join("; ", errors));
      }
    }
    return schemas;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + file, e);
    }
  }

  private static List<Path> schemaFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schema directory " + dir, e);
    }
  }
}
