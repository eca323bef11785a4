package dev.baton.bench.internal;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.TopicLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator in its own JVM ({@code BatonCli coordinator}, from this JVM's class path), so that
 * its memory and CPU are measured apart from the driver, the workers and the embedded broker.
 */
public final class CoordinatorProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /**
   * What a coordinator process gets beyond its usual start.
   *
   * @param arguments more arguments of {@code baton coordinator}, e.g. {@code --metrics=false}
   * @param environment variables set in its environment, over those it inherits
   */
  public record Extras(List<String> arguments, Map<String, String> environment) {

    /** Nothing more. */
    public static final Extras NONE = new Extras(List.of(), Map.of());

    /** Copies both. */
    public Extras {
      arguments = List.copyOf(arguments);
      environment = Map.copyOf(environment);
    }
  }

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final ProcessStats stats;
  private final long launched = System.nanoTime();
  private long listening = -1;
  private long healthy = -1;

  private CoordinatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.stats = new ProcessStats(process.toHandle());
  }

  /**
   * Starts a coordinator on {@code stack} with {@code layout}'s topics and application id, and
   * waits until its {@code GET /health} answers 200.
   *
   * @param jvmOptions extra JVM options, such as a flight recording
   * @param extras more arguments and environment ({@link Extras#NONE}: none)
   */
  public static CoordinatorProcess start(
      StackAddresses stack,
      TopicLayout layout,
      String shareGroup,
      ProcessingMode mode,
      Path workDir,
      List<String> jvmOptions,
      Extras extras)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("dev.baton.cli.BatonCli");
    command.addAll(
        List.of(
            "coordinator",
            "--kafka=" + stack.kafkaBootstrap(),
            "--registry=" + stack.registryUrl(),
            "--redis=" + stack.redisUri(),
            "--topic-prefix=" + layout.prefix(),
            "--application-id=" + layout.applicationId(),
            "--partitions=" + layout.partitions(),
            "--processing=" + mode.name().toLowerCase(),
            "--share-group=" + shareGroup,
            "--http-port=" + port,
            "--state-dir=" + Files.createDirectories(workDir.resolve("state"))));
    if (extras.arguments().stream().noneMatch(arg -> arg.startsWith("--auth"))) {
      // The turn benchmarks measure the turn path; the auth case turns tokens on.
      command.add("--auth=off");
    }
    command.addAll(extras.arguments());
    Path log = workDir.resolve("coordinator.log");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(extras.environment());
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CoordinatorProcess coordinator = new CoordinatorProcess(process, log, port);
    try {
      coordinator.awaitHealthy();
      return coordinator;
    } catch (IOException | InterruptedException | RuntimeException e) {
      coordinator.close();
      throw e;
    }
  }

  /** The coordinator's memory and CPU sampler. */
  public ProcessStats stats() {
    return stats;
  }

  /** Where its HTTP API answers: {@code http://127.0.0.1:<port>}. */
  public URI httpBase() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    // Closed at once, so that its selector thread does not count in the HTTP case's client CPU.
    try (HttpClient http = HttpClient.newHttpClient()) {
      awaitHealthy(http);
    }
  }

  private void awaitHealthy(HttpClient http) throws IOException, InterruptedException {
    HttpRequest health =
        HttpRequest.newBuilder(httpBase().resolve("/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the coordinator exited with " + process.exitValue() + "; see " + log);
      }
      try {
        int status = http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
        listening = listening < 0 ? System.nanoTime() : listening;
        if (status == 200) {
          healthy = System.nanoTime();
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100); // polls a condition: the health endpoint, with a deadline
    }
    throw new IllegalStateException(
        "the coordinator was not healthy within " + START_TIMEOUT + "; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Seconds from its launch until its HTTP API first answered (200 or not). */
  public double listeningAfterSeconds() {
    return (listening - launched) / 1e9;
  }

  /** Seconds from its launch until its {@code GET /health} first answered 200. */
  public double healthyAfterSeconds() {
    return (healthy - launched) / 1e9;
  }

  /** The port its HTTP API listens on. */
  public int httpPort() {
    return httpPort;
  }

  /** Kills the coordinator with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    stats.close();
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Stops the coordinator with SIGTERM (it closes cleanly; a flight recording is written). */
  @Override
  public void close() throws InterruptedException {
    stats.close();
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
