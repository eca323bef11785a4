package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.internal.GatewayCase.Variant;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayCaseTest {

  @Test
  void shouldRunDirectFirstInOddRunsAndTheGatewayFirstInEvenRuns() {
    assertThat(GatewayCase.order(1)).containsExactly(Variant.DIRECT, Variant.GATEWAY);
    assertThat(GatewayCase.order(2)).containsExactly(Variant.GATEWAY, Variant.DIRECT);
    assertThat(GatewayCase.order(3)).containsExactly(Variant.DIRECT, Variant.GATEWAY);
  }

  @Test
  void shouldStartEachPythonWorkerWithItsThreadsAndDeltas() {
    Path workerPy = Path.of("repo", "worker-py");
    URI gateway = URI.create("http://127.0.0.1:8090");

    List<String> streaming =
        WorkerFleet.pythonCommand(workerPy, gateway, new PythonWorkers(2, 16, true), "py0");
    List<String> quiet =
        WorkerFleet.pythonCommand(workerPy, gateway, new PythonWorkers(2, 16, false), "py1");

    assertThat(streaming)
        .containsExactly(
            "python3",
            "-u",
            workerPy.resolve(WorkerFleet.PYTHON_AGENT).toString(),
            "--gateway=http://127.0.0.1:8090",
            "--concurrency=16",
            "--worker-id=py0");
    assertThat(quiet).endsWith("--worker-id=py1", "--no-stream");
  }
}
