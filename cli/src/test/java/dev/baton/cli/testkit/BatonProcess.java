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
import java.util.Arrays;
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

  /** The heap of a coordinator's or worker's JVM: small, since a test may run several. */
  private static final String CHILD_HEAP = "-Xmx320m";

  /** The line {@code baton stack} prints once its parts run and its topics exist. */
  public static final String STACK_UP = "Baton stack is up";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final ChildProcess process;
  private final int httpPort;
  private final Path logFile;

  private BatonProcess(String name, ChildProcess process, int httpPort, Path logFile) {
    this.name = name;
    this.process = process;
    this.httpPort = httpPort;
    this.logFile = logFile;
  }

  /**
   * Starts {@code baton stack} (Kafka in its JVM, the registry and Redis as its child processes) on
   * the loopback {@code ports}, creating {@code layout}'s topics and preparing {@code shareGroup},
   * with its log under {@code dir/name}. {@link #awaitLogLine} with {@link #STACK_UP} tells when it
   * is up.
   */
  public static BatonProcess stack(
      String name, StackPorts ports, TopicLayout layout, String shareGroup, Path dir) {
    List<String> command = javaCommand("-Xmx512m");
    command.add("-Dbaton.registry.dist=" + System.getProperty("baton.registry.dist"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BatonCli.class.getName()));
    command.addAll(
        List.of(
            "stack",
            "--kafka-port=" + ports.kafka(),
            "--registry-port=" + ports.registry(),
            "--redis-port=" + ports.redis(),
            "--topic-prefix=" + layout.prefix(),
            "--application-id=" + layout.applicationId(),
            "--partitions=" + layout.partitions(),
            "--share-group=" + shareGroup));
    return launch(name, command, dir, -1);
  }

  /**
   * The ports of a {@code baton stack} process, picked free, and the addresses they give.
   *
   * @param kafka Kafka's client port
   * @param registry the registry's HTTP port
   * @param redis Redis's port
   */
  public record StackPorts(int kafka, int registry, int redis) {

    /** Three free loopback ports. */
    public static StackPorts pick() {
      return new StackPorts(FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
    }

    /** The addresses clients reach the stack at. */
    public StackAddresses addresses() {
      String host = FreePorts.LOOPBACK;
      return new StackAddresses(
          host + ":" + kafka,
          "http://" + host + ":" + registry + "/apis/ccompat/v7",
          "redis://" + host + ":" + redis);
    }
  }

  /**
   * Starts {@code baton coordinator} for {@code layout}'s topics and application id, with its HTTP
   * API on a free loopback port, its state and log under {@code dir/name}, the further options
   * {@code extra}, and {@code --auth=off} unless {@code extra} sets {@code --auth}.
   */
  public static BatonProcess coordinator(
      String name,
      StackAddresses stack,
      TopicLayout layout,
      String shareGroup,
      Path dir,
      String... extra) {
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
    withAuthOffUnlessSet(args, extra);
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
   * log under {@code dir/name}; with {@code --auth=off} unless {@code extra} sets {@code --auth}.
   */
  public static BatonProcess dev(String name, Path dir, String... extra) {
    Path target = Path.of("target").toAbsolutePath();
    Path jar = target.resolve("baton-cli.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no runnable jar " + jar + ": run mvn package first");
    }
    int port = FreePorts.pick();
    List<String> command = javaCommand("-Xmx768m");
    command.addAll(
        List.of(
            "-Dbaton.registry.dist=" + target.resolve("apicurio"),
            "-cp",
            jar + java.io.File.pathSeparator + target.resolve("lib") + "/*",
            BatonCli.class.getName(),
            "dev"));
    command.addAll(List.of("--http-host=" + FreePorts.LOOPBACK, "--http-port=" + port));
    withAuthOffUnlessSet(command, extra);
    return launch(name, command, dir, port);
  }

  /** Adds {@code extra}, and {@code --auth=off} first unless {@code extra} sets {@code --auth}. */
  private static void withAuthOffUnlessSet(List<String> args, String... extra) {
    if (Arrays.stream(extra).noneMatch(arg -> arg.startsWith("--auth"))) {
      args.add("--auth=off");
    }
    args.addAll(List.of(extra));
  }

  private static List<String> addresses(StackAddresses stack) {
    return List.of(
        "--kafka=" + stack.kafkaBootstrap(),
        "--registry=" + stack.registryUrl(),
        "--redis=" + stack.redisUri());
  }

  private static BatonProcess start(String name, List<String> cliArgs, Path dir, int httpPort) {
    List<String> command = javaCommand(CHILD_HEAP);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BatonCli.class.getName()));
    command.addAll(cliArgs);
    return launch(name, command, dir, httpPort);
  }

  /**
   * The start of a child JVM's command line: this JVM's {@code java}, the heap option {@code heap},
   * the serial collector, and the client compiler alone ({@code TieredStopAtLevel=1}), which starts
   * a short-lived JVM for about a quarter less CPU where a test and its children share a small
   * machine's cores.
   */
  public static List<String> javaCommand(String heap) {
    return new ArrayList<>(
        List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            heap,
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1"));
  }

  private static BatonProcess launch(String name, List<String> command, Path dir, int httpPort) {
    Path home = dir.resolve(name);
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path logFile = home.resolve(name + ".log");
    ChildProcess process = ChildProcess.start(name, command, home, logFile);
    return new BatonProcess(name, process, httpPort, logFile);
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

  /** Its whole log: what it printed to its standard output and error. */
  public String log() {
    try {
      return Files.readString(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of its log. */
  public String logTail() {
    return process.logTail();
  }

  /**
   * Waits until the process's log has a line that contains {@code text}.
   *
   * @throws AssertionError if the process exits first or {@code timeout} passes, with its log
   */
  public void awaitLogLine(String text, Duration timeout) throws InterruptedException {
    awaitWhileAlive(() -> logContains(text), "printed no '" + text + "' in " + timeout, timeout);
  }

  private boolean logContains(String text) {
    try (Stream<String> lines = Files.lines(logFile)) {
      return lines.anyMatch(line -> line.contains(text));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}) to the process and its descendants, as {@code
   * kill -<signal>} does.
   */
  public void signalFamily(String signal) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    family().forEach(handle -> command.add(Long.toString(handle.pid())));
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
    }
  }

  /**
   * Waits until the coordinator's {@code GET /health} answers 200 (Kafka, registry, Redis and Kafka
   * Streams all ready).
   *
   * @throws AssertionError if the process exits first or {@code timeout} passes, with its log
   */
  public void awaitHealthy(Duration timeout) throws InterruptedException {
    awaitWhileAlive(() -> healthStatus() == 200, "not healthy after " + timeout, timeout);
  }

  /** A condition that may wait. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws InterruptedException;
  }

  private void awaitWhileAlive(Condition condition, String failure, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (!isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            name + (isAlive() ? " " + failure : " exited") + ":\n" + logTail());
      }
      Thread.sleep(200);
    }
  }

  /** The status of the coordinator's {@code GET /health}, -1 if it does not answer. */
  public int healthStatus() throws InterruptedException {
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
