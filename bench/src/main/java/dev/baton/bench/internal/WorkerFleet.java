package dev.baton.bench.internal;

import dev.baton.cli.BatonCli;
import dev.baton.cli.stack.StackAddresses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes that run the steps of one deployment of the gateway case: Java echo workers ({@link
 * EchoWorkerMain}), or a worker gateway ({@code baton gateway}) and the Python echo workers behind
 * it ({@code worker-py/examples/echo_agent.py}). Closing it stops them, the Python workers first.
 */
final class WorkerFleet implements AutoCloseable {

  /** The Python echo agent, in the repository's {@code worker-py}. */
  static final String PYTHON_AGENT = "examples/echo_agent.py";

  private static final Duration GATEWAY_START_TIMEOUT = Duration.ofSeconds(120);

  /** The CPU of each kind of process, over one window; a kind the fleet lacks measures NaN. */
  record Cpu(ProcessCpu gateway, ProcessCpu python, ProcessCpu java) {

    /** Starts a window of each. */
    void begin() {
      gateway.begin();
      python.begin();
      java.begin();
    }
  }

  private final List<ChildProcess> javaWorkers;
  private final List<ChildProcess> gateways;
  private final List<ChildProcess> pythonWorkers;

  private WorkerFleet(
      List<ChildProcess> javaWorkers, List<ChildProcess> gateways, List<ChildProcess> python) {
    this.javaWorkers = javaWorkers;
    this.gateways = gateways;
    this.pythonWorkers = python;
  }

  /**
   * {@code shape.count()} Java echo worker processes for {@code deployment}, logs in {@code dir}.
   */
  static WorkerFleet java(
      StackAddresses stack, Deployment deployment, Deployment.Workers shape, Path dir)
      throws IOException, InterruptedException {
    List<ChildProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < shape.count(); i++) {
        String id = deployment.layout().applicationId() + "-java" + i;
        List<String> command =
            EchoWorkerMain.command(stack, deployment.layout(), deployment.shareGroup(), id, shape);
        workers.add(ChildProcess.start(id, command, Map.of(), dir.resolve(id + ".log")));
      }
      return new WorkerFleet(workers, List.of(), List.of());
    } catch (IOException | RuntimeException e) {
      ChildProcess.closeAll(workers);
      throw e;
    }
  }

  /**
   * A {@code baton gateway} process for {@code deployment} whose SDK runs as {@code sdk} says
   * ({@code --max-in-flight}, {@code --pollers}), and the Python workers of {@code python} polling
   * it; logs in {@code dir}.
   */
  static WorkerFleet gateway(
      StackAddresses stack,
      Deployment deployment,
      Deployment.Workers sdk,
      PythonWorkers python,
      Path workerPy,
      Path dir)
      throws IOException, InterruptedException {
    String name = deployment.layout().applicationId();
    int port = ChildProcess.freePort();
    List<String> command =
        ChildProcess.java(
            BatonCli.class.getName(),
            List.of(
                "gateway",
                "--kafka=" + stack.kafkaBootstrap(),
                "--registry=" + stack.registryUrl(),
                "--redis=" + stack.redisUri(),
                "--topic-prefix=" + deployment.layout().prefix(),
                "--share-group=" + deployment.shareGroup(),
                "--worker-id=" + name + "-gateway",
                "--gateway-host=127.0.0.1",
                "--gateway-port=" + port,
                "--max-in-flight=" + sdk.maxInFlight(),
                "--pollers=" + sdk.pollers()));
    ChildProcess gateway =
        ChildProcess.start(name + "-gateway", command, Map.of(), dir.resolve("gateway.log"));
    List<ChildProcess> workers = new ArrayList<>();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      gateway.awaitHealthy(base.resolve("/health"), GATEWAY_START_TIMEOUT);
      for (int i = 0; i < python.processes(); i++) {
        String id = name + "-py" + i;
        workers.add(
            ChildProcess.start(
                id,
                pythonCommand(workerPy, base, python, id),
                Map.of("PYTHONPATH", workerPy.resolve("src").toString()),
                dir.resolve(id + ".log")));
      }
      return new WorkerFleet(List.of(), List.of(gateway), workers);
    } catch (IOException | InterruptedException | RuntimeException e) {
      ChildProcess.closeAll(workers);
      gateway.close();
      throw e;
    }
  }

  /**
   * The command of one Python echo worker of {@code python}, polling the gateway at {@code base}.
   */
  static List<String> pythonCommand(Path workerPy, URI base, PythonWorkers python, String id) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "python3",
            "-u",
            workerPy.resolve(PYTHON_AGENT).toString(),
            "--gateway=" + base,
            "--concurrency=" + python.threads(),
            "--worker-id=" + id));
    if (!python.deltas()) {
      command.add("--no-stream");
    }
    return command;
  }

  /**
   * The repository's {@code worker-py}, from the working directory ({@code bench/run} runs in the
   * repository) or its parent (the bench module's directory).
   *
   * @throws IllegalStateException if it is in neither
   */
  static Path workerPy() {
    for (Path candidate : List.of(Path.of("worker-py"), Path.of("..", "worker-py"))) {
      Path path = candidate.toAbsolutePath().normalize();
      if (Files.isRegularFile(path.resolve(PYTHON_AGENT))
          && Files.isDirectory(path.resolve("src/baton_worker"))) {
        return path;
      }
    }
    throw new IllegalStateException(
        "the gateway case runs worker-py/"
            + PYTHON_AGENT
            + " of the repository, which is not under "
            + Path.of("").toAbsolutePath()
            + "; run it from the repository's root (bench/run does)");
  }

  /**
   * Checks that {@code python3} runs.
   *
   * @throws IllegalStateException if it does not
   */
  static void requirePython() throws InterruptedException {
    String problem;
    try {
      Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return;
      }
      probe.destroyForcibly();
      problem = "python3 --version failed";
    } catch (IOException e) {
      problem = "python3 is not on the PATH (" + e.getMessage() + ")";
    }
    throw new IllegalStateException(
        "the gateway case runs its remote workers on python3, but "
            + problem
            + "; install Python 3.10 or newer (Debian: apt-get install python3), or leave the"
            + " gateway case out");
  }

  /** The CPU of the gateway, of the Python workers together and of the Java workers together. */
  Cpu cpu() {
    return new Cpu(cpuOf(gateways), cpuOf(pythonWorkers), cpuOf(javaWorkers));
  }

  private static ProcessCpu cpuOf(List<ChildProcess> processes) {
    return new ProcessCpu(processes.stream().map(ChildProcess::handle).toList());
  }

  /** Throws if any of its processes has exited. */
  void checkAlive() {
    javaWorkers.forEach(ChildProcess::checkAlive);
    gateways.forEach(ChildProcess::checkAlive);
    pythonWorkers.forEach(ChildProcess::checkAlive);
  }

  @Override
  public void close() throws InterruptedException {
    ChildProcess.closeAll(pythonWorkers);
    ChildProcess.closeAll(gateways);
    ChildProcess.closeAll(javaWorkers);
  }
}
