package dev.baton.bench.internal;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The tables of every case of a run, kept in a directory as each case finishes, so that a run
 * stopped midway (the machine restarted, the sitting ended) resumes where it stopped: started again
 * with the same directory, a run runs only the cases the directory does not hold yet.
 *
 * <p>The directory also holds what the run measures, its {@link Identity}: the commit, the options,
 * the {@code BATON_} environment and the JDK. A run whose identity differs is refused rather than
 * mixed in, and so is the resumption of a run of uncommitted changes, whose code cannot be told
 * apart from other uncommitted changes.
 *
 * <pre>{@code
 * SavedRuns saved = SavedRuns.open(dir, identity);      // refuses another commit or options
 * saved.load(2, "closed").orElseGet(() -> ...);         // the tables of run 2 of "closed", if kept
 * saved.save(2, "closed", took, tables);
 * }</pre>
 */
public final class SavedRuns {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();
  private static final String MANIFEST = "run.json";

  /**
   * What a run measures; two sittings of one run must have the same.
   *
   * @param commit {@code git describe --always --dirty} of the checkout
   * @param options the options given, except where the results and logs go
   * @param environment the {@code BATON_} environment variables, which reach the coordinators
   * @param jdk the runtime version of the JDK that runs the benchmarks
   */
  public record Identity(
      String commit, List<String> options, Map<String, String> environment, String jdk) {

    /** The identity of this process: its commit, {@code options}, environment and JDK. */
    public static Identity of(List<String> options) {
      Map<String, String> environment = new TreeMap<>();
      System.getenv().entrySet().stream()
          .filter(e -> e.getKey().startsWith("BATON_"))
          .forEach(e -> environment.put(e.getKey(), e.getValue()));
      return new Identity(
          Machine.commit(), options, environment, System.getProperty("java.runtime.version"));
    }

    boolean uncommitted() {
      return commit.endsWith("-dirty");
    }
  }

  /** When the run's first sitting started and how busy the machine was before it. */
  record Manifest(Identity identity, String started, String loadBefore) {}

  /** One case's tables in one repetition, and how long it took. */
  record Saved(String caseName, int run, long seconds, List<SavedTable> tables) {}

  /** A table as it is stored. */
  record SavedTable(
      String id, String title, List<String> headers, List<List<Object>> rows, List<String> notes) {

    /** {@code table}, its cells other than numbers kept as the text they print as. */
    static SavedTable of(Table table) {
      List<List<Object>> rows =
          table.rows().stream()
              .map(cells -> cells.stream().map(SavedTable::storable).toList())
              .toList();
      return new SavedTable(table.id(), table.title(), table.headers(), rows, table.notes());
    }

    private static Object storable(Object cell) {
      return cell instanceof Number ? cell : String.valueOf(cell);
    }

    Table table() {
      Table table = new Table(id, title, headers.toArray(String[]::new));
      rows.forEach(cells -> table.row(cells.toArray()));
      notes.forEach(table::note);
      return table;
    }
  }

  private final Optional<Path> dir;
  private final Manifest manifest;

  private SavedRuns(Optional<Path> dir, Manifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** A run that keeps nothing: every case runs, and the run starts now. */
  public static SavedRuns none(Identity identity) {
    return new SavedRuns(Optional.empty(), fresh(identity));
  }

  /**
   * The run kept in {@code dir}, created if the directory holds none.
   *
   * @throws IllegalStateException if the directory holds a run of another identity, or of
   *     uncommitted changes
   */
  public static SavedRuns open(Path dir, Identity identity) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(MANIFEST);
    if (!Files.exists(file)) {
      Manifest manifest = fresh(identity);
      write(file, manifest);
      return new SavedRuns(Optional.of(dir), manifest);
    }
    Manifest kept = JSON.readValue(file.toFile(), Manifest.class);
    if (!kept.identity().equals(identity)) {
      throw new IllegalStateException(
          dir + " holds a run of " + kept.identity() + ", not of " + identity + "; use another");
    }
    if (kept.identity().uncommitted()) {
      throw new IllegalStateException(
          dir
              + " holds a run of uncommitted changes, which cannot be resumed; commit, and use"
              + " another directory");
    }
    return new SavedRuns(Optional.of(dir), kept);
  }

  private static Manifest fresh(Identity identity) {
    return new Manifest(identity, Instant.now().toString(), Machine.loadAverage());
  }

  /** When the run's first sitting started. */
  public Instant started() {
    return Instant.parse(manifest.started());
  }

  /** The load average before the run's first sitting. */
  public String loadBefore() {
    return manifest.loadBefore();
  }

  /** The tables of repetition {@code run} of case {@code caseName}, if they were kept. */
  public Optional<List<Table>> load(int run, String caseName) {
    return dir.map(d -> d.resolve(fileName(run, caseName)))
        .filter(Files::exists)
        .map(SavedRuns::read)
        .map(saved -> saved.tables().stream().map(SavedTable::table).toList());
  }

  /** Keeps the {@code tables} of repetition {@code run} of case {@code caseName}. */
  public void save(int run, String caseName, Duration took, List<Table> tables) throws IOException {
    if (dir.isPresent()) {
      List<SavedTable> saved = tables.stream().map(SavedTable::of).toList();
      write(
          dir.get().resolve(fileName(run, caseName)),
          new Saved(caseName, run, took.toSeconds(), saved));
    }
  }

  /** The seconds the kept cases took, all sittings together. */
  public long measuredSeconds() throws IOException {
    if (dir.isEmpty()) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir.get())) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("run-"))
          .map(SavedRuns::read)
          .mapToLong(Saved::seconds)
          .sum();
    }
  }

  private static String fileName(int run, String caseName) {
    return "run-" + run + "-" + caseName + ".json";
  }

  private static Saved read(Path file) {
    try {
      return JSON.readValue(file.toFile(), Saved.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kept results " + file, e);
    }
  }

  /** Writes {@code value} to {@code file} whole or not at all. */
  private static void write(Path file, Object value) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), value);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
