package dev.baton.cli.gateway;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Python worker process of the gateway tests: {@code gateway_test_worker.py} on the repository's
 * {@code worker-py} package. Its output goes to a log file next to its marker files.
 */
final class PythonWorkerProcess implements AutoCloseable {

  private final Process process;

  private PythonWorkerProcess(Process process) {
    this.process = process;
  }

  /** Whether {@code python3} runs on this machine. */
  static boolean pythonAvailable() {
    try {
      Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts a worker against the gateway on {@code port}, its markers and log in {@code dir}. */
  static PythonWorkerProcess start(int port, Path dir, String name, Map<String, String> env)
      throws IOException {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "python3",
                    "-u",
                    script().toString(),
                    "http://127.0.0.1:" + port,
                    workerPy().toString(),
                    dir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new PythonWorkerProcess(builder.start());
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Stops the process with SIGTERM, or SIGKILL if it has not stopped 10 s later. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }

  private static Path script() {
    try {
      return Path.of(
          PythonWorkerProcess.class.getResource("/gateway/gateway_test_worker.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The repository's {@code worker-py}; tests run in the {@code cli} module's directory. */
  private static Path workerPy() {
    Path path = Path.of("..", "worker-py").toAbsolutePath().normalize();
    if (!Files.isDirectory(path.resolve("src/baton_worker"))) {
      throw new IllegalStateException("worker-py is not at " + path);
    }
    return path;
  }
}
