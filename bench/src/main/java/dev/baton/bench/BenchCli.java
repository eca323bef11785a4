package dev.baton.bench;

import dev.baton.bench.internal.BenchRun;
import dev.baton.bench.internal.Deployment;
import dev.baton.bench.internal.PythonWorkers;
import dev.baton.bench.internal.SavedRuns;
import dev.baton.bench.internal.Settings;
import dev.baton.bench.internal.Sizes;
import dev.baton.cli.stack.EmbeddedStack;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs Baton's benchmarks on the embedded stack (or on external Kafka, registry and Redis), prints
 * a table per case and writes the results section of {@code docs/benchmarks.md}. {@code bench/run}
 * builds and starts it.
 *
 * <pre>{@code
 * bench/run --quick                  # every case with small sizes, a few minutes
 * bench/run --cases=lock,replay      # some cases
 * }</pre>
 */
@Command(
    name = "bench/run",
    mixinStandardHelpOptions = true,
    description = {
      "Run Baton's benchmarks: closed-loop turns (through Kafka and through the HTTP API),",
      "open-loop turns, scale, the turn lock, history replay, a JFR profile of the coordinator,",
      "the records each turn writes per topic, a hop-by-hop breakdown of sequential turns",
      "(through Kafka and through the HTTP API), and",
      "server-sent event streams (live turns streamed to a client each, idle feeds held open).",
      "Each turn case starts a coordinator process with fresh topics and application id; echo",
      "workers and the embedded stack run in this JVM."
    })
public final class BenchCli implements Callable<Integer> {

  @Option(names = "--quick", description = "Small sizes, for development (a few minutes).")
  boolean quick;

  @Option(
      names = "--cases",
      split = ",",
      description =
          "Cases to run, comma-separated: closed, http, warm, open, scale, lock, replay, profile,"
              + " records, breakdown, streams; and, only when named: observe (what metrics and"
              + " tracing cost), auth (what tokens and tenant limits cost), gateway (the Java"
              + " echo worker against the worker gateway and Python workers; needs python3), steer"
              + " (how fast messages steered into running turns reach a step) and failover (two"
              + " coordinators, one killed and restarted under load)."
              + " Default: all but observe, auth, gateway, steer and failover.")
  List<String> cases = BenchRun.CASES;

  @Option(
      names = "--shapes",
      split = ",",
      paramLabel = "SESSIONSxTURNS",
      description =
          "Closed-loop shapes, through Kafka and through HTTP, instead of the defaults"
              + " (1x200,100x200,1000x20,10000x2, HTTP without 10000x2; quick: 1x50,20x50,100x10,"
              + "1000x2, HTTP without 1000x2), e.g. --shapes=1x200,1000x20. The gateway case runs"
              + " one of them: 1000x20 if given, else the largest but one of three or more.")
  List<String> shapes;

  @Option(
      names = "--live-streams",
      paramLabel = "STREAMSxDELTAS@MS",
      description =
          "The streams case's live streams: streams at once, deltas per turn, ms between deltas."
              + " Default: 1000x200@20; quick: 100x200@20.")
  String liveStreams;

  @Option(
      names = "--idle-feeds",
      description =
          "The streams case's idle feeds held open at once; 0 for none. Default: 10000; quick:"
              + " 1000.")
  Integer idleFeeds;

  @Option(
      names = "--steer",
      paramLabel = "SESSIONSxMESSAGES@MS",
      description =
          "The steer case: sessions at once, messages steered into each one's slow turn, ms"
              + " between them. Default: 20x10@200; quick: 10x10@200.")
  String steer;

  @Option(
      names = "--records-shape",
      paramLabel = "SESSIONSxTURNS",
      description =
          "The records case's load, whose records and bytes per turn are counted. Default: 100x10;"
              + " e.g. 1x1000 for what one long session's turns write.")
  String recordsShape;

  @Option(
      names = "--scale-sessions",
      description =
          "The scale case's sessions of one turn each, the first 1000 of which then get one more"
              + " turn. Default: 1000000; quick: 5000.")
  Integer scaleSessions;

  @Option(
      names = "--runs",
      description = "Runs of each case; tables show medians. Default: ${DEFAULT-VALUE}")
  int runs = 1;

  @Option(
      names = "--budget",
      description =
          "Seconds each closed loop may send turns before it stops and reports what ran."
              + " Default: 60, or 20 with --quick")
  Integer budgetSeconds;

  @Option(
      names = "--kafka",
      description = "An external Kafka bootstrap instead of the embedded broker.")
  String kafka;

  @Option(names = "--registry", description = "An external Confluent-compatible registry URL.")
  String registry;

  @Option(names = "--redis", description = "An external Redis URI.")
  String redis;

  @Option(
      names = "--partitions",
      description = "Partitions of every topic. Default: ${DEFAULT-VALUE}")
  int partitions = 12;

  @Option(
      names = "--workers",
      description = "Echo workers of the turn cases. Default: ${DEFAULT-VALUE}")
  int workers = 1;

  @Option(
      names = "--worker-max-in-flight",
      description = "Their maxInFlight. Default: ${DEFAULT-VALUE}")
  int workerMaxInFlight = 256;

  @Option(
      names = "--worker-pollers",
      description = "Their share consumers. Default: ${DEFAULT-VALUE}")
  int workerPollers = 8;

  @Option(
      names = "--hold-max-in-flight",
      description = "maxInFlight of the held-turns worker. Default: ${DEFAULT-VALUE}")
  int holdMaxInFlight = 10_000;

  @Option(
      names = "--hold-pollers",
      description =
          "Share consumers of the held-turns worker, which hands each step over to its lease at"
              + " once (handOffAfter 0). Default: ${DEFAULT-VALUE}")
  int holdPollers = 100;

  @Option(
      names = "--gateway-python",
      paramLabel = "PROCESSESxTHREADS",
      description =
          "The gateway case's Python workers: processes, and deliveries each runs at once (its"
              + " threads). The gateway's SDK runs with --worker-max-in-flight and"
              + " --worker-pollers, as the Java worker does. Default: 2x32.")
  String gatewayPython;

  @Option(
      names = "--gateway-python-no-deltas",
      description =
          "The gateway case's Python workers answer at once, without first streaming the answer"
              + " word by word as the Java echo worker does.")
  boolean gatewayPythonNoDeltas;

  @Option(
      names = "--coordinator-jvm-opts",
      description = "Extra JVM options of the coordinator processes, space-separated.")
  String coordinatorJvmOpts = "";

  @Option(
      names = "--out",
      description =
          "The Markdown file whose results section is written; '-' for none. Default: ${DEFAULT-VALUE}")
  String out = "docs/benchmarks.md";

  @Option(
      names = "--work-dir",
      description = "Where logs, state and recordings go. Default: a new temp directory.")
  Path workDir;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Keep each case's tables in DIR as it finishes, and run only the cases DIR does not"
              + " hold yet: a run stopped midway goes on where it stopped when started again with"
              + " the same DIR. Refused if DIR holds a run of another commit, other options, other"
              + " BATON_ environment or another JDK, or of uncommitted changes.")
  Path resume;

  /** The options that do not change what is measured, left out of the run's identity. */
  private static final Set<String> NOT_MEASURED = Set.of("--resume", "--out", "--work-dir");

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<String> selected = new LinkedHashSet<>(cases);
    if (!BenchRun.KNOWN_CASES.containsAll(selected)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--cases: unknown case in " + selected + "; known: " + BenchRun.KNOWN_CASES);
    }
    Sizes sizes = sizes();
    PythonWorkers python = pythonWorkers();
    SavedRuns saved = savedRuns();
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("baton-bench");
    System.out.println("Work directory: " + dir);
    try (EmbeddedStack stack = new EmbeddedStack(stackConfig())) {
      StackAddresses addresses = stack.start();
      Settings settings =
          new Settings(
              addresses,
              Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36),
              partitions,
              dir,
              coordinatorJvmOpts.isBlank()
                  ? List.of()
                  : Arrays.asList(coordinatorJvmOpts.trim().split("\\s+")),
              new Deployment.Workers(workers, workerMaxInFlight, workerPollers),
              new Deployment.Workers(1, holdMaxInFlight, holdPollers, Duration.ZERO),
              sizes,
              python,
              1);
      String command = System.getProperty("bench.command", "BenchCli");
      String markdown = new BenchRun(settings, selected, runs, saved, System.out).run(command);
      if (!out.equals("-")) {
        BenchRun.write(Path.of(out), markdown);
        System.out.println("Wrote the results section of " + out);
      }
    }
    return 0;
  }

  /** The results kept in {@code --resume}'s directory, or none. */
  private SavedRuns savedRuns() throws IOException {
    List<String> measured =
        spec.commandLine().getParseResult().matchedOptions().stream()
            .filter(option -> !NOT_MEASURED.contains(option.longestName()))
            .map(option -> option.longestName() + "=" + option.stringValues())
            .toList();
    SavedRuns.Identity identity = SavedRuns.Identity.of(measured);
    if (resume == null) {
      return SavedRuns.none(identity);
    }
    try {
      return SavedRuns.open(resume, identity);
    } catch (IllegalStateException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + e.getMessage());
    }
  }

  private Sizes sizes() {
    Sizes sizes = quick ? Sizes.quick() : Sizes.full();
    try {
      if (shapes != null) {
        sizes = sizes.withClosedLoop(shapes.stream().map(Sizes.Shape::parse).toList());
      }
    } catch (IllegalArgumentException e) {
      throw invalid("--shapes", e);
    }
    try {
      if (liveStreams != null) {
        sizes = sizes.withStreams(sizes.streams().withLive(liveStreams));
      }
    } catch (IllegalArgumentException e) {
      throw invalid("--live-streams", e);
    }
    try {
      if (idleFeeds != null) {
        sizes = sizes.withStreams(sizes.streams().withIdle(idleFeeds));
      }
    } catch (IllegalArgumentException e) {
      throw invalid("--idle-feeds", e);
    }
    try {
      if (steer != null) {
        sizes = sizes.withSteer(Sizes.Steer.parse(steer));
      }
    } catch (IllegalArgumentException e) {
      throw invalid("--steer", e);
    }
    try {
      if (recordsShape != null) {
        sizes = sizes.withRecordedShape(Sizes.Shape.parse(recordsShape));
      }
    } catch (IllegalArgumentException e) {
      throw invalid("--records-shape", e);
    }
    try {
      if (scaleSessions != null) {
        sizes = sizes.withScaleSessions(scaleSessions);
      }
    } catch (IllegalArgumentException e) {
      throw invalid("--scale-sessions", e);
    }
    return budgetSeconds == null ? sizes : sizes.withBudget(Duration.ofSeconds(budgetSeconds));
  }

  private PythonWorkers pythonWorkers() {
    if (gatewayPython == null) {
      return new PythonWorkers(
          PythonWorkers.DEFAULT.processes(),
          PythonWorkers.DEFAULT.threads(),
          !gatewayPythonNoDeltas);
    }
    try {
      return PythonWorkers.parse(gatewayPython, !gatewayPythonNoDeltas);
    } catch (IllegalArgumentException e) {
      throw invalid("--gateway-python", e);
    }
  }

  private CommandLine.ParameterException invalid(String option, IllegalArgumentException e) {
    return new CommandLine.ParameterException(
        new CommandLine(this), option + ": " + e.getMessage());
  }

  private StackConfig stackConfig() {
    StackConfig.Builder config = StackConfig.builder();
    if (kafka != null) {
      config.kafkaBootstrap(kafka);
    }
    if (registry != null) {
      config.registryUrl(registry);
    }
    if (redis != null) {
      config.redisUri(redis);
    }
    return config.build();
  }
}
