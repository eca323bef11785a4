package dev.baton.bench.internal;

import java.io.IOException;

/**
 * A started deployment driven through its coordinator's HTTP API, as the {@code http} case drives
 * it: the warm-up, then a shape whose coordinator process is measured over the shape alone. Closing
 * it closes the HTTP client; the deployment stays with its owner.
 */
final class HttpDeploymentRun implements AutoCloseable {

  /**
   * One shape measured.
   *
   * @param result its turns
   * @param window the coordinator process over the shape
   */
  record Measured(TurnLoads.Result result, ProcessStats.Window window) {

    /** The CPU time of every process of the benchmark in the window per completed turn, in ms. */
    double allCpuMillisPerTurn() {
      return window.allCpuMillis() / Math.max(1, result.completed());
    }
  }

  private final TurnCases turns;
  private final Deployment deployment;
  private final HttpTurnDriver http;
  private final TurnLoads loads;

  private HttpDeploymentRun(
      TurnCases turns, Deployment deployment, String runId, String token, TurnTimes times) {
    this.turns = turns;
    this.deployment = deployment;
    this.http =
        new HttpTurnDriver(
            deployment.coordinator().httpBase(), TurnCases.HTTP_CLIENT_THREADS, token, times);
    this.loads = new TurnLoads(http, runId);
  }

  /** Drives {@code deployment} through {@code turns}, turn ids of the run {@code runId}. */
  static HttpDeploymentRun open(TurnCases turns, Deployment deployment, String runId) {
    return open(turns, deployment, runId, null);
  }

  /** As above, every request carrying {@code token} as its bearer (null: none). */
  static HttpDeploymentRun open(
      TurnCases turns, Deployment deployment, String runId, String token) {
    return new HttpDeploymentRun(turns, deployment, runId, token, TurnTimes.NONE);
  }

  /** As above, without a token, marking each turn's request and answer in {@code times}. */
  static HttpDeploymentRun timed(
      TurnCases turns, Deployment deployment, String runId, TurnTimes times) {
    return new HttpDeploymentRun(turns, deployment, runId, null, times);
  }

  /** The CPU time of the HTTP client's threads. */
  ThreadCpu clientCpu() {
    return http.cpu();
  }

  /**
   * The warm-up turns, then more in the concurrency of {@code shape} until the compilers are quiet;
   * none is measured.
   */
  void warmUpCompiled(Sizes.Shape shape) throws IOException, InterruptedException {
    turns.warmUpCompiled(deployment, loads, shape);
  }

  /** The warm-up turns; they are not measured. */
  TurnLoads.Result warmUp() throws InterruptedException {
    return turns.warmUp(loads);
  }

  /** Every session of {@code shape} at once, the coordinator process measured meanwhile. */
  Measured measure(String name, Sizes.Shape shape) throws InterruptedException {
    return measure(name, shape, () -> {});
  }

  /**
   * As above, {@code besideBegins} run right after the coordinator's window begins, to begin what
   * the case measures beside it; the case ends that as soon as this returns.
   */
  Measured measure(String name, Sizes.Shape shape, Runnable besideBegins)
      throws InterruptedException {
    ProcessStats stats = deployment.coordinator().stats();
    stats.begin();
    besideBegins.run();
    TurnLoads.Result result = turns.run(loads, name, "", shape);
    return new Measured(result, stats.end());
  }

  @Override
  public void close() {
    http.close();
  }
}
