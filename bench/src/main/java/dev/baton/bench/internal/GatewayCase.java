package dev.baton.bench.internal;

import dev.baton.coordinator.topology.ProcessingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the worker gateway costs: the closed loop through HTTP (as the {@code http} case, EOS) on
 * two deployments in the same run, one whose steps run on the Java echo worker, one whose steps go
 * through a {@code baton gateway} process to Python echo workers ({@code
 * worker-py/examples/echo_agent.py}) that answer as the Java worker does. Every worker and the
 * gateway run in processes of their own, so that the CPU of each is measured. The order of the two
 * alternates between runs.
 */
public final class GatewayCase {

  private static final Deployment.Workers NO_WORKERS_IN_THIS_JVM = new Deployment.Workers(0, 1, 1);

  private static final String[] COLUMNS =
      LoadCells.columns(
          "coord CPU cores",
          "gateway CPU cores",
          "Python CPU cores",
          "Java worker CPU cores",
          "all CPU ms/turn",
          "turns/s gw/direct",
          "p50 gw/direct",
          "p99 gw/direct");

  /** Where a deployment's steps run. */
  enum Variant {
    DIRECT,
    GATEWAY
  }

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public GatewayCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /**
   * One load measured on one deployment.
   *
   * @param gatewayCores the gateway process's CPU cores (NaN without one)
   * @param pythonCores the Python workers' together (NaN without them)
   * @param javaCores the Java workers' together (NaN without them)
   */
  private record Load(
      HttpDeploymentRun.Measured measured,
      double gatewayCores,
      double pythonCores,
      double javaCores) {}

  /** Direct first in odd runs, the gateway first in even ones. */
  static List<Variant> order(int run) {
    return RunOrder.of(Variant.class, run);
  }

  /**
   * The throughput shape (1000x20; 100x10 with {@code --quick}; else the shape {@code --shapes}
   * names, or the largest but one) on both deployments.
   *
   * @throws IllegalStateException if {@code python3} or {@code worker-py} is missing
   */
  public List<Table> run() throws IOException, InterruptedException {
    WorkerFleet.requirePython();
    Path workerPy = WorkerFleet.workerPy();
    Sizes.Shape shape = settings.sizes().profiled();
    Table table =
        new Table(
            "gateway",
            "Worker gateway: closed loop through HTTP (EOS), Java echo worker vs gateway + "
                + settings.pythonWorkers(),
            COLUMNS);
    Map<Variant, Load> loads = new EnumMap<>(Variant.class);
    for (Variant variant : order(settings.run())) {
      loads.put(variant, measure(shape, variant, workerPy));
    }
    Load direct = loads.get(Variant.DIRECT);
    Load gateway = loads.get(Variant.GATEWAY);
    addRow(table, shape + " direct", direct, LoadCells.NO_RATIOS);
    addRow(
        table,
        shape + " gateway",
        gateway,
        LoadCells.ratios(gateway.measured().result(), direct.measured().result()));
    return List.of(table.note(note()));
  }

  private String note() {
    Deployment.Workers java = settings.workers();
    PythonWorkers python = settings.pythonWorkers();
    return "Both deployments in the same run, direct then gateway in odd runs and the reverse in"
        + " even runs, each a fresh coordinator driven through the HTTP API as in the http case"
        + " (the warm-up, then the shape; a turn counts when its answer is back). Direct: "
        + java.count()
        + " Java echo worker process(es) (the example EchoAgent, maxInFlight "
        + java.maxInFlight()
        + ", "
        + java.pollers()
        + " share consumers). Gateway: one baton gateway process whose SDK runs as the Java"
        + " worker does (--max-in-flight="
        + java.maxInFlight()
        + " --pollers="
        + java.pollers()
        + "; the steps no Python thread has claimed yet wait in the gateway) and "
        + python.processes()
        + " python3 processes of worker-py/"
        + WorkerFleet.PYTHON_AGENT
        + " with --concurrency="
        + python.threads()
        + " each (threads that long-poll the gateway), answering as the Java worker does: "
        + (python.deltas()
            ? "the answer streamed word by word (one POST per delta), then the result."
            : "the result only, without the Java worker's deltas (--gateway-python-no-deltas).")
        + " CPU: CPU seconds of each process (Python: all of them together) per second of the"
        + " window; all CPU per"
        + " turn also counts the broker, Redis and the registry. The ratios divide the gateway row"
        + " by the direct row of the same run (median of the runs' ratios).";
  }

  private Load measure(Sizes.Shape shape, Variant variant, Path workerPy)
      throws IOException, InterruptedException {
    String name = "gw-" + shape + "-" + variant.name().toLowerCase(Locale.ROOT);
    try (Deployment deployment =
            turns.deploy(
                name,
                ProcessingMode.EXACTLY_ONCE,
                NO_WORKERS_IN_THIS_JVM,
                List.of(),
                TurnTimes.NONE);
        WorkerFleet fleet = fleet(deployment, variant, workerPy);
        HttpDeploymentRun http = HttpDeploymentRun.open(turns, deployment, settings.runId())) {
      http.warmUp();
      fleet.checkAlive();
      WorkerFleet.Cpu cpu = fleet.cpu();
      // The measure ends before the fleet's CPU: the arguments are evaluated in order.
      return new Load(
          http.measure(name, shape, cpu::begin),
          cpu.gateway().endCores(),
          cpu.python().endCores(),
          cpu.java().endCores());
    }
  }

  private WorkerFleet fleet(Deployment deployment, Variant variant, Path workerPy)
      throws IOException, InterruptedException {
    Path dir =
        Files.createDirectories(
            settings.workDir().resolve(deployment.layout().applicationId() + "-fleet"));
    return switch (variant) {
      case DIRECT -> WorkerFleet.java(settings.stack(), deployment, settings.workers(), dir);
      case GATEWAY ->
          WorkerFleet.gateway(
              settings.stack(),
              deployment,
              settings.workers(),
              settings.pythonWorkers(),
              workerPy,
              dir);
    };
  }

  private static void addRow(Table table, String name, Load load, List<Object> ratios) {
    HttpDeploymentRun.Measured measured = load.measured();
    List<Object> cells = LoadCells.figures(name, measured.result());
    cells.addAll(
        List.of(
            measured.window().cpuCores(),
            load.gatewayCores(),
            load.pythonCores(),
            load.javaCores(),
            measured.allCpuMillisPerTurn()));
    cells.addAll(ratios);
    table.row(cells.toArray());
    LoadCells.noteProblems(table, name, measured.result());
  }
}
