package dev.baton.cli.testkit;

import dev.baton.cli.BatonCli;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.stack.internal.ChildProcess;
import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.schemas.TopicLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A coordinator or worker running as its own JVM, started through the command line ({@code BatonCli
 * coordinator ...} or {@code BatonCli worker ...}) on the test class path, so that a test can kill
 * it with SIGKILL. Its output goes to a log file beside its state.
 *
 * <pre>{@code
 * try (BatonProcess coordinator = BatonProcess.coordinator("c-0", stack, layout, group, dir)) {
 *   coordinator.awaitHealthy(Duration.ofSeconds(120));
 *   coordinator.kill();
 * }
 * }</pre>
 */
public final class BatonProcess implements AutoCloseable {

  /** The child JVM's options: a small heap, since a test may run several on a small machine. */
  public static final List<String> JVM_OPTIONS = List.of("-Xmx320m", "-XX:+UseSerialGC");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final ChildProcess process;
  private final int httpPort;

  private BatonProcess(String name, ChildProcess process, int httpPort) {
    this.name = name;
    this.process = process;
    this.httpPort = httpPort;
  }

  /**
   * Starts {@code baton coordinator} for {@code layout}'s topics and application id, with its HTTP
   * API on a free loopback port and its state and log under {@code dir/name}.
   */
  public static BatonProcess coordinator(
      String name, StackAddresses stack, TopicLayout layout, String shareGroup, Path dir) {
    int port = FreePorts.pick();
    List<String> args = new ArrayList<>(List.of("coordinator"));
    args.addAll(addresses(stack));
    args.addAll(
        List.of(
            "--topic-prefix=" + layout.prefix(),
            "--application-id=" + layout.applicationId(),
            "--partitions=" + layout.partitions(),
            "--share-group=" + shareGroup,
            "--http-host=" + FreePorts.LOOPBACK,
            "--http-port=" + port,
            "--state-dir=" + dir.resolve(name).resolve("state")));
    return start(name, args, dir, port);
  }

  /**
   * Starts {@code baton worker} (the echo agent) with worker id {@code name} and the further
   * options {@code extra}, such as {@code --tool-delay=PT3S}.
   */
  public static BatonProcess worker(
      String name,
      StackAddresses stack,
      TopicLayout layout,
      String shareGroup,
      Path dir,
      String... extra) {
    List<String> args = new ArrayList<>(List.of("worker"));
    args.addAll(addresses(stack));
    args.addAll(
        List.of(
            "--topic-prefix=" + layout.prefix(),
            "--share-group=" + shareGroup,
            "--worker-id=" + name));
    args.addAll(List.of(extra));
    return start(name, args, dir, -1);
  }

  /**
   * Starts {@code baton dev} as {@code ./baton} does, from the runnable jar ({@code
   * target/baton-cli.jar} with {@code target/lib}, built by {@code package} before the integration
   * tests), with its HTTP API on a free loopback port, the further options {@code extra} and its
   * log under {@code dir/name}.
   */
  public static BatonProcess dev(String name, Path dir, String... extra) {
    Path target = Path.of("target").toAbsolutePath();
    Path jar = target.resolve("baton-cli.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no runnable jar " + jar + ": run mvn package first");
    }
    int port = FreePorts.pick();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(
        List.of(
            "-Xmx768m",
            "-Dbaton.registry.dist=" + target.resolve("apicurio"),
            "-cp",
            jar + java.io.File.pathSeparator + target.resolve("lib") + "/*",
            BatonCli.class.getName(),
            "dev"));
    command.addAll(List.of("--http-host=" + FreePorts.LOOPBACK, "--http-port=" + port));
    command.addAll(List.of(extra));
    return launch(name, command, dir, port);
  }

  private static List<String> addresses(StackAddresses stack) {
    return List.of(
        "--kafka=" + stack.kafkaBootstrap(),
        "--registry=" + stack.registryUrl(),
        "--redis=" + stack.redisUri());
  }

  private static BatonProcess start(String name, List<String> cliArgs, Path dir, int httpPort) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BatonCli.class.getName()));
    command.addAll(cliArgs);
    return launch(name, command, dir, httpPort);
  }

  private static BatonProcess launch(String name, List<String> command, Path dir, int httpPort) {
    Path home = dir.resolve(name);
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildProcess process = ChildProcess.start(name, command, home, home.resolve(name + ".log"));
    return new BatonProcess(name, process, httpPort);
  }

  /** The name given at start: the worker id, or the coordinator's directory. */
  public String name() {
    return name;
  }

  /** The coordinator's HTTP port; -1 for a worker. */
  public int httpPort() {
    return httpPort;
  }

  /** The address a coordinator advertises to the others, {@code host:port}. */
  public String address() {
    return FreePorts.LOOPBACK + ":" + httpPort;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of its log. */
  public String logTail() {
    return process.logTail();
  }

  /**
   * Waits until the coordinator's {@code GET /health} answers 200 (Kafka, registry, Redis and Kafka
   * Streams all ready).
   *
   * @throws AssertionError if the process exits first or {@code timeout} passes, with its log
   */
  public void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (healthStatus() != 200) {
      if (!isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            name + (isAlive() ? " not healthy after " + timeout : " exited") + ":\n" + logTail());
      }
      Thread.sleep(200);
    }
  }

  private int healthStatus() throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address() + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Kills the process and its descendants with SIGKILL, as a crash would, and waits until it is
   * gone.
   */
  public void kill() {
    ProcessHandle handle = ProcessHandle.of(pid()).orElse(null);
    if (handle == null) {
      return;
    }
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    try {
      handle.onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Sends SIGTERM to the process alone (not its children, which it must stop itself), as {@code
   * kill <pid>} does, and waits for it to exit.
   *
   * @return how long it took to exit
   * @throws AssertionError if it is still running after {@code atMost}; it is killed then
   */
  public Duration terminate(Duration atMost) throws InterruptedException {
    ProcessHandle handle = ProcessHandle.of(pid()).orElse(null);
    if (handle == null) {
      return Duration.ZERO;
    }
    long start = System.nanoTime();
    handle.destroy();
    try {
      handle.onExit().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
      return Duration.ofNanos(System.nanoTime() - start);
    } catch (TimeoutException | ExecutionException e) {
      String tail = logTail();
      kill();
      throw new AssertionError(name + " did not stop within " + atMost + " of SIGTERM:\n" + tail);
    }
  }

  /** The process and its descendants that run now. */
  public List<ProcessHandle> family() {
    return ProcessHandle.of(pid())
        .map(h -> Stream.concat(Stream.of(h), h.descendants()))
        .orElseGet(Stream::empty)
        .toList();
  }

  /** Stops the process (SIGTERM, then SIGKILL if it lingers); safe after {@link #kill()}. */
  @Override
  public void close() {
    process.close();
  }
}
