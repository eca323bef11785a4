package dev.baton.bench.internal;

import dev.baton.cli.stack.StackAddresses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One benchmark run: every selected case {@code runs} times (the profile once), the medians printed
 * as tables and written to the results section of a Markdown file.
 */
public final class BenchRun {

  /** The cases that run by default, in the order they run. */
  public static final List<String> CASES =
      List.of(
          "closed",
          "http",
          "warm",
          "open",
          "scale",
          "lock",
          "replay",
          "profile",
          "records",
          "breakdown",
          "streams");

  /** The cases that run only when named, after the default ones. */
  public static final List<String> OPTIONAL_CASES =
      List.of("observe", "auth", "gateway", "steer", "failover");

  /** Every case, in the order they run. */
  public static final List<String> KNOWN_CASES =
      Stream.concat(CASES.stream(), OPTIONAL_CASES.stream()).toList();

  private static final String FAILED = "failed-";

  private final Settings settings;
  private final Set<String> cases;
  private final int runs;
  private final SavedRuns saved;
  private final PrintStream out;
  private int caseRuns;
  private int kept;

  /**
   * A run of {@code cases} with {@code settings}, each repeated {@code runs} times; the tables of
   * each case are kept in {@code saved} as it finishes, and those it already holds are not run
   * again.
   */
  public BenchRun(
      Settings settings, Set<String> cases, int runs, SavedRuns saved, PrintStream out) {
    this.settings = settings;
    this.cases = cases;
    this.runs = runs;
    this.saved = saved;
    this.out = out;
  }

  /**
   * Runs the cases and returns the Markdown of the results: the setup, the targets, the tables.
   *
   * @param command the command that started this run, for the report
   */
  public String run(String command) throws Exception {
    Instant sitting = Instant.now();
    Map<String, List<Table>> byId = new LinkedHashMap<>();
    Map<String, String> caseOfTable = new HashMap<>();
    Map<String, Integer> gaveTables = new HashMap<>();
    for (int run = 1; run <= runs; run++) {
      Settings settingsOfRun = ofRun(settings, run);
      for (String name : KNOWN_CASES) {
        if (cases.contains(name) && run <= runsOf(name)) {
          List<Table> tables = keptOrRun(run, name, settingsOfRun);
          if (!failed(tables)) {
            gaveTables.merge(name, 1, Integer::sum);
          }
          for (Table table : tables) {
            out.println(table.text());
            byId.computeIfAbsent(table.id(), id -> new ArrayList<>()).add(table);
            caseOfTable.put(table.id(), name);
          }
        }
      }
    }
    Map<String, Table> medians = new LinkedHashMap<>();
    byId.forEach(
        (id, tables) -> {
          String name = caseOfTable.get(id);
          medians.put(id, medianOf(name, tables, runsOf(name), gaveTables.getOrDefault(name, 0)));
        });
    if (runs > 1) {
      out.printf("--- medians of %d runs%n", runs);
      medians.values().forEach(table -> out.println(table.text()));
    }
    Table targets = Targets.evaluate(medians, settings.sizes());
    out.println(targets.text());
    long seconds =
        Math.max(saved.measuredSeconds(), ChronoUnit.SECONDS.between(sitting, Instant.now()));
    return markdown(command, Math.max(1, seconds / 60), targets, medians);
  }

  /** How many times case {@code name} runs: the profile once, every other case {@code runs}. */
  private int runsOf(String name) {
    return name.equals("profile") ? 1 : runs;
  }

  /**
   * The median of the {@code tables} of case {@code name}, run {@code attempted} times of which
   * {@code succeeded} gave its tables; a note says when the table is of the runs that succeeded,
   * the others having failed. A table that only one run gives (one run's CPU by thread, named after
   * the run) gets no note when the case failed in none.
   */
  static Table medianOf(String name, List<Table> tables, int attempted, int succeeded) {
    Table median = Table.median(tables);
    if (succeeded < attempted && tables.size() == succeeded && !median.id().startsWith(FAILED)) {
      median.note(
          String.format(
              "Of %d of the %d runs: case %s failed in the others (see \"Case %s failed\").",
              tables.size(), attempted, name, name));
    }
    return median;
  }

  /**
   * The tables of repetition {@code run} of case {@code name}: those kept from an earlier sitting,
   * or else those it gives now, kept unless it failed.
   */
  private List<Table> keptOrRun(int run, String name, Settings s) throws Exception {
    caseRuns++;
    Optional<List<Table>> earlier = saved.load(run, name);
    if (earlier.isPresent()) {
      kept++;
      out.printf("--- run %d/%d: %s (kept from an earlier sitting)%n", run, runs, name);
      return earlier.get();
    }
    Instant start = Instant.now();
    out.printf("--- run %d/%d: %s (%s)%n", run, runs, name, start.truncatedTo(ChronoUnit.SECONDS));
    List<Table> tables = runCaseOrReport(name, s);
    if (!failed(tables)) {
      saved.save(run, name, Duration.between(start, Instant.now()), tables);
    }
    return tables;
  }

  /**
   * The case's tables, or one that says why it failed, so that one failure ends no run; either way
   * the run's topics are deleted after it.
   */
  private List<Table> runCaseOrReport(String name, Settings s) throws InterruptedException {
    try {
      return runCase(name, s);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      e.printStackTrace(out);
      return List.of(failure(name, String.valueOf(e)));
    } finally {
      deleteTopicsOf(s);
    }
  }

  /** Deletes the topics of {@code s}'s run, saying so; a failure to is printed, not thrown. */
  private void deleteTopicsOf(Settings s) throws InterruptedException {
    try {
      int deleted = RunTopics.deleteAll(s.stack().kafkaBootstrap(), s.runId());
      out.printf("Deleted the %d topics of run %s%n", deleted, s.runId());
    } catch (ExecutionException | TimeoutException e) {
      out.printf("Could not delete the topics of run %s: %s%n", s.runId(), e);
    }
  }

  /** Whether {@code tables} are those of a failed case run. */
  private static boolean failed(List<Table> tables) {
    return tables.stream().anyMatch(table -> table.id().startsWith(FAILED));
  }

  /** The table that says case {@code name} failed with {@code error}. */
  static Table failure(String name, String error) {
    return new Table(FAILED + name, "Case " + name + " failed", "case", "error")
        .row(name, error.replace('|', '/').replace('\n', ' '));
  }

  private List<Table> runCase(String name, Settings s) throws Exception {
    TurnCases turns = new TurnCases(s);
    StackAddresses stack = s.stack();
    return switch (name) {
      case "closed" -> turns.closedLoop();
      case "http" -> turns.httpLoop();
      case "warm" -> List.of(turns.warmTwice());
      case "open" -> List.of(turns.openLoop());
      case "scale" -> turns.scale();
      case "lock" -> List.of(LockBench.run(stack.redisUri(), s.sizes().lockCycles()));
      case "replay" ->
          List.of(
              ReplayBench.run(
                  stack,
                  "bench-" + s.runId() + "-replay",
                  s.partitions(),
                  s.sizes().replayMessages()));
      case "profile" -> turns.profile();
      case "records" -> new RecordsCase(s, turns).run();
      case "breakdown" -> new BreakdownCase(s, turns).run();
      case "streams" -> new StreamsCase(s, turns).run();
      case "observe" -> new ObserveCase(s, turns).run();
      case "auth" -> new AuthCase(s, turns).run();
      case "gateway" -> new GatewayCase(s, turns).run();
      case "steer" -> new SteerCase(s, turns).run();
      case "failover" -> new FailoverCase(s, turns).run();
      default ->
          throw new IllegalArgumentException("unknown case " + name + "; known: " + KNOWN_CASES);
    };
  }

  private String markdown(String command, long minutes, Table targets, Map<String, Table> medians) {
    StringBuilder md = new StringBuilder("## Results\n\n");
    md.append("Measured ")
        .append(saved.started().truncatedTo(ChronoUnit.MINUTES))
        .append(" in about ")
        .append(minutes)
        .append(" min with:\n\n```\n")
        .append(command)
        .append("\n```\n\n");
    Machine.describe().forEach(line -> md.append("* ").append(line).append("\n"));
    md.append("* Load average (1/5/15 min) before the run: ")
        .append(saved.loadBefore())
        .append("; after: ")
        .append(Machine.loadAverage())
        .append("\n");
    md.append("* Runs: ")
        .append(runs)
        .append(
            runs == 1
                ? " (single run: every figure is from one run, not a median)"
                : " (each figure is the median of the runs; the profile ran once)")
        .append(
            kept == 0
                ? ""
                : "; "
                    + kept
                    + " of the "
                    + caseRuns
                    + " case runs ran in an earlier sitting of the same commit and options, and"
                    + " the minutes count every sitting's cases")
        .append("\n");
    md.append("* Partitions: ")
        .append(settings.partitions())
        .append("; workers: ")
        .append(settings.workers().count())
        .append(" echo worker(s) in the driver's JVM, maxInFlight ")
        .append(settings.workers().maxInFlight())
        .append(", ")
        .append(settings.workers().pollers())
        .append(" share consumers each\n\n");
    md.append(targets.markdown()).append("\n");
    medians.values().forEach(table -> md.append(table.markdown()).append("\n"));
    return md.toString();
  }

  /** The settings of repetition {@code run}, with a run id of its own. */
  private static Settings ofRun(Settings s, int run) {
    return new Settings(
        s.stack(),
        s.runId() + "r" + run,
        s.partitions(),
        s.workDir(),
        s.coordinatorJvmOptions(),
        s.workers(),
        s.holdWorkers(),
        s.sizes(),
        s.pythonWorkers(),
        run);
  }

  /** Writes {@code markdown} as the results section of {@code file}. */
  public static void write(Path file, String markdown) throws IOException {
    ResultsSection.write(file, markdown);
  }
}
