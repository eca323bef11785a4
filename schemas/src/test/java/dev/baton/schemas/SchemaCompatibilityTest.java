package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.internal.SchemaBaseline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's guard against breaking schema changes: every schema in {@code src/main/avro} must
 * read data written with its committed baseline in {@code src/baseline/avro}. See docs/topics.md
 * for how to update the baseline deliberately.
 */
class SchemaCompatibilityTest {

  private static final Path BASELINE = Path.of("src", "baseline", "avro");
  private static final Path CURRENT = Path.of("src", "main", "avro");

  @TempDir Path changed;

  @Test
  void shouldKeepEverySchemaBackwardCompatibleWithItsBaseline() {
    SchemaBaseline.verify(BASELINE, CURRENT);
  }

  @Test
  void shouldHaveABaselineForEverySchema() {
    assertThat(SchemaBaseline.parseDirectory(BASELINE).keySet())
        .containsExactlyInAnyOrderElementsOf(SchemaBaseline.parseDirectory(CURRENT).keySet());
  }

  @Test
  void shouldRejectFieldAddedWithoutDefault() {
    copyBaselineWith(
        "Command.avsc",
        "{\"name\": \"input\", \"type\": \"string\",",
        "{\"name\": \"priority\", \"type\": \"int\", \"doc\": \"new\"},"
            + " {\"name\": \"input\", \"type\": \"string\",");

    assertThatThrownBy(() -> SchemaBaseline.verify(BASELINE, changed))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(1)
                    .first()
                    .asString()
                    .contains("Command.body[SubmitTurn].priority")
                    .contains("READER_FIELD_MISSING_DEFAULT"))
        .hasMessageContaining("not backward compatible")
        .hasMessageContaining("Give every added field a default")
        .hasMessageContaining("cp " + changed + "/*.avsc " + BASELINE + "/");
  }

  @Test
  void shouldAcceptFieldAddedWithDefault() {
    copyBaselineWith(
        "Command.avsc",
        "{\"name\": \"input\", \"type\": \"string\",",
        "{\"name\": \"priority\", \"type\": \"int\", \"default\": 0, \"doc\": \"new\"},"
            + " {\"name\": \"input\", \"type\": \"string\",");

    assertThat(SchemaBaseline.problems(BASELINE, changed)).isEmpty();
  }

  @Test
  void shouldRejectRemovedBodyType() {
    copyBaselineWith("Command.avsc", "\"name\": \"KillTurn\"", "\"name\": \"KillTurnRenamed\"");

    assertThat(SchemaBaseline.problems(BASELINE, changed))
        .anySatisfy(problem -> assertThat(problem).contains("Command.body").contains("KillTurn"));
  }

  @Test
  void shouldRejectChangedFieldType() {
    copyBaselineWith(
        "Usage.avsc",
        "{\"name\": \"inputTokens\", \"type\": \"long\", \"default\": 0",
        "{\"name\": \"inputTokens\", \"type\": \"string\", \"default\": \"0\"");

    assertThat(SchemaBaseline.problems(BASELINE, changed))
        .anySatisfy(problem -> assertThat(problem).contains("Usage.inputTokens"));
  }

  @Test
  void shouldRejectRemovedSchema() throws IOException {
    copyBaselineWith("Command.avsc", "", "");
    Files.delete(changed.resolve("StreamDelta.avsc"));

    assertThat(SchemaBaseline.problems(BASELINE, changed))
        .containsExactly(
            "dev.baton.schemas.avro.StreamDelta was removed or renamed; its topic's readers would"
                + " break");
  }

  /** Copies the baseline to {@code changed}, replacing {@code target} in one file. */
  private void copyBaselineWith(String file, String target, String replacement) {
    try (Stream<Path> files = Files.list(BASELINE)) {
      for (Path source : files.toList()) {
        String text = Files.readString(source);
        if (source.getFileName().toString().equals(file)) {
          assertThat(text).contains(target);
          text = text.replace(target, replacement);
        }
        Files.writeString(changed.resolve(source.getFileName()), text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
