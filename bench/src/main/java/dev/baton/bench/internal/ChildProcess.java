package dev.baton.bench.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark started beside the coordinator (a worker gateway, a worker), its output
 * in a log file. Closing it stops it with SIGTERM, then SIGKILL if it has not stopped in time.
 *
 * @param name what messages call it
 * @param process the process
 * @param log where its output goes
 */
record ChildProcess(String name, Process process, Path log) implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Starts {@code command} with {@code environment} added to this one's, its output in {@code log}.
   */
  static ChildProcess start(
      String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildProcess(name, process, log);
  }

  /** The command that runs {@code mainClass} with {@code arguments} in a JVM like this one. */
  static List<String> java(String mainClass, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(arguments);
    return command;
  }

  /** A TCP port free now on this machine. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The process. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Waits until {@code health} answers 200.
   *
   * @throws IllegalStateException if the process exits first, or {@code timeout} passes
   */
  void awaitHealthy(URI health, Duration timeout) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline) {
        checkAlive();
        try {
          if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(100); // polls a condition: the health endpoint, with a deadline
      }
    }
    throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
  }

  /** Throws if the process has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; see " + log);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Closes every one of {@code processes}: SIGTERM to all at once, then waits for each. */
  static void closeAll(List<ChildProcess> processes) throws InterruptedException {
    processes.forEach(child -> child.process.destroy());
    for (ChildProcess process : processes) {
      process.close();
    }
  }
}
